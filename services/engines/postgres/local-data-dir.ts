import { appendFileSync, chownSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunAs } from '../engine';
import { runToCompletion } from '../local-process';
import { postgresMajor, type PostgresInstalls } from './local-installs';
import { pgdata, POSTGRES_SUPERUSER } from './local-paths';

/**
 * A primary restored to a point in time keeps its recovery settings in postgresql.auto.conf, and
 * pg_basebackup copies them to its replicas; a standby that reached that target would promote
 * itself. A replica follows its primary and nothing else.
 */
function forgetRecoveryTargets(data: string): void {
  const auto = join(data, 'postgresql.auto.conf');
  if (!existsSync(auto)) return;
  const kept = readFileSync(auto, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(restore_command|recovery_target\w*)\s*=/.test(line));
  writeFileSync(auto, kept.join('\n'));
}

/** A new primary: initdb with the datafleet superuser; scram-sha-256 for every connection. */
export async function initialisePrimaryDataDir(bin: string, dir: string, password: string, runAs: RunAs): Promise<void> {
  const pwfile = join(dir, '.pwfile');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
  try {
    await runToCompletion(
      join(bin, 'initdb'),
      // "C" exists on every system; initdb fails on a locale the machine lacks.
      [
        '-D',
        pgdata(dir),
        '-U',
        POSTGRES_SUPERUSER,
        `--pwfile=${pwfile}`,
        '-A',
        'scram-sha-256',
        '--locale=C',
        '-E',
        'UTF8',
        '--no-instructions',
      ],
      { cwd: dir, runAs },
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
  // initdb's pg_hba.conf already allows replication from 127.0.0.1 with a password; say it plainly.
  appendFileSync(join(pgdata(dir), 'pg_hba.conf'), `\nhost replication ${POSTGRES_SUPERUSER} 127.0.0.1/32 scram-sha-256\n`);
}

/**
 * A new replica: a streaming base backup of the primary with -R, which writes standby.signal and
 * primary_conninfo. The password travels in the environment, never on the command line.
 */
export async function copyDataDirFromPrimary(
  installed: PostgresInstalls,
  version: string,
  dir: string,
  primary: { host: string; port: number },
  password: string,
  name: string,
  runAs: RunAs,
): Promise<void> {
  // Any pg_basebackup of the node's major copies its primary, whichever minor each runs.
  const basebackup = installed.postgresBasebackup(postgresMajor(version));
  if (!basebackup)
    throw new Error(
      `PostgreSQL ${postgresMajor(version)} replicas need pg_basebackup, which no install of that major here has; install the PostgreSQL server package`,
    );
  await runToCompletion(
    basebackup,
    [
      '-h',
      primary.host,
      '-p',
      String(primary.port),
      '-U',
      POSTGRES_SUPERUSER,
      '-D',
      pgdata(dir),
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
      '-d',
      `application_name=${name}`,
    ],
    { cwd: dir, runAs, env: { PGPASSWORD: password }, timeoutMs: 300_000 },
  );
  forgetRecoveryTargets(pgdata(dir));
}
