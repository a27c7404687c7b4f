import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { postgresMajor, type PostgresInstall, type PostgresInstalls } from './local-installs';

/**
 * What Patroni runs from its bin_dir besides the server: it reads the control file, asks whether
 * the server is up, copies replicas, and reads a demoted leader's shutdown checkpoint from its WAL
 * (without pg_waldump it hands the lock over without checking the candidate received it).
 */
const PATRONI_TOOLS = ['pg_controldata', 'pg_isready', 'pg_basebackup', 'pg_rewind', 'pg_waldump'] as const;
const SERVER_PROGRAMS = ['postgres', 'pg_ctl', 'initdb'] as const;

/**
 * The bin_dir a node's Patroni runs. Patroni takes every PostgreSQL program from one directory; an
 * install without Patroni's tools (the npm binary sets ship only initdb, pg_ctl and postgres) gets
 * a directory of links beside the node: its own server programs, and the tools of another install
 * of its major (a control file and the replication protocol belong to a major, not a minor).
 * PostgreSQL follows the links to find its own files.
 */
export function patroniBinDir(dir: string, install: PostgresInstall, installs: PostgresInstalls): string {
  if (PATRONI_TOOLS.every((tool) => existsSync(join(install.bin, tool)))) return install.bin;
  const linked = join(dir, `bin-${install.version}`);
  mkdirSync(linked, { recursive: true });
  const major = postgresMajor(install.version);
  for (const program of [...SERVER_PROGRAMS, ...PATRONI_TOOLS]) {
    const from = existsSync(join(install.bin, program)) ? install.bin : installs.postgresToolBin(major, program);
    const link = join(linked, program);
    rmSync(link, { force: true });
    if (from) symlinkSync(join(from, program), link);
  }
  return linked;
}
