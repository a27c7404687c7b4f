import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupArtifact, BackupKind, RestoreSource, RunAs } from '../engine';
import { runToCompletion } from '../local-process';

/**
 * pgBackRest, as Debian packages it, does every PostgreSQL backup and restore: one repository for
 * every local cluster, a stanza per cluster (named by the cluster's id, so a cluster created again
 * under an old name never meets the old one's backups), WAL archived continuously by archive-push.
 */
export const PGBACKREST = 'pgbackrest';

/** The repository lives in `<backupRoot>/pgbackrest`, with its [global] configuration beside it. */
export const repositoryDir = (backupRoot: string) => join(backupRoot, 'pgbackrest');
const configFile = (backupRoot: string) => join(repositoryDir(backupRoot), 'pgbackrest.conf');
/** Written once the stanza exists: until then WAL has no backup to extend, and archive_command lets it go. */
const readyMarker = (backupRoot: string, stanza: string) => join(repositoryDir(backupRoot), 'ready', stanza);

/**
 * The archive_command of a node: push each WAL segment to the cluster's stanza once the stanza
 * exists (before the first backup there is nothing a segment could extend, so it is released).
 * pg1-path is the node's own: archive-push checks the segment against that data directory.
 */
export function archiveCommand(backupRoot: string, stanza: string, pgdata: string): string {
  return `test ! -f ${readyMarker(backupRoot, stanza)} || ${PGBACKREST} --config=${configFile(backupRoot)} --stanza=${stanza} --pg1-path=${pgdata} archive-push %p`;
}

/**
 * The [global] section, written only when absent: an administrator may edit it, e.g. to keep the
 * repository in S3 (repo1-type=s3, repo1-s3-bucket, repo1-s3-endpoint, repo1-s3-region,
 * repo1-s3-key…, repo1-path), which pgBackRest supports natively.
 */
function globalConfig(backupRoot: string): string {
  const repo = repositoryDir(backupRoot);
  return [
    '[global]',
    `repo1-path=${repo}`,
    `log-path=${join(repo, 'log')}`,
    `lock-path=${join(repo, 'lock')}`,
    'log-level-console=warn',
    'log-level-file=info',
    'compress-type=lz4',
    'start-fast=y',
    // Retention is the backup policy's (expire is called with it); this only silences the warning.
    'repo1-retention-full=9999999',
    '',
  ].join('\n');
}

/** Where the repository's backups live, as the backup rows record it: a directory or an s3:// URL. */
function locationOf(backupRoot: string, stanza: string): string {
  const settings = new Map(
    readFileSync(configFile(backupRoot), 'utf8')
      .split('\n')
      .map((line) => line.split('=').map((part) => part.trim()))
      .filter((parts): parts is [string, string] => parts.length === 2),
  );
  const path = settings.get('repo1-path') ?? '/';
  if (settings.get('repo1-type') === 's3') return `s3://${settings.get('repo1-s3-bucket') ?? '?'}${join(path, 'backup', stanza)}`;
  return join(path, 'backup', stanza);
}

interface InfoBackup {
  label: string;
  type: 'full' | 'diff' | 'incr';
  annotation?: Record<string, string>;
  archive: { start: string | null; stop: string | null };
  info: { size: number; repository: { delta: number; size: number } };
  timestamp: { start: number; stop: number };
  error?: boolean;
}

interface InfoStanza {
  name: string;
  backup: InfoBackup[];
  status: { code: number; message: string; lock?: { backup?: { held: boolean } } };
}

/** The node-side facts every pgBackRest command needs. */
export interface PgNode {
  backupRoot: string;
  stanza: string;
  pgdata: string;
  port: number;
  /** The directory of the node's Unix socket (pgBackRest reaches a local server only through it). */
  socketDir: string;
  /** The superuser pgBackRest logs in as, and its password (passed only in the environment). */
  user: string;
  password: string;
  runAs: RunAs;
}

const TAG = 'datafleet-tag';
/** `pgbackrest info` status codes of a stanza that does not exist in the repository. */
const MISSING_STANZA_PATH = 1;
const MISSING_STANZA_DATA = 3;

export class PgBackRest {
  /** The repository directories and configuration, owned by the OS user PostgreSQL runs as (archive-push writes there). */
  ensureRepository(backupRoot: string, runAs: RunAs): void {
    const repo = repositoryDir(backupRoot);
    for (const dir of [backupRoot, repo, join(repo, 'log'), join(repo, 'lock'), join(repo, 'ready')]) {
      mkdirSync(dir, { recursive: true, mode: 0o750 });
      if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    }
    if (!existsSync(configFile(backupRoot))) writeFileSync(configFile(backupRoot), globalConfig(backupRoot), { mode: 0o640 });
    if (runAs) chownSync(configFile(backupRoot), runAs.uid, runAs.gid);
  }

  /**
   * Makes a backup tagged `tag`, or finds the one a killed attempt already made: pgBackRest keeps a
   * backup in its info only once it is complete, and resumes or discards a partial one itself, so a
   * retry neither duplicates nor keeps a torn backup. 'busy' while another backup of the stanza runs.
   */
  async backUp(node: PgNode, kind: BackupKind, tag: string): Promise<BackupArtifact | 'busy'> {
    if (!node.socketDir) throw new Error(`the node's data directory is too deep for a Unix socket, which pgBackRest needs`);
    this.ensureRepository(node.backupRoot, node.runAs);
    const marker = readyMarker(node.backupRoot, node.stanza);
    // The marker is written only after stanza-create succeeded; each pgBackRest run costs a process
    // start and a server round trip, so it is not repeated on every backup.
    if (!existsSync(marker)) await this.createStanza(node);
    let before = await this.info(node);
    if (before.status.code === MISSING_STANZA_PATH || before.status.code === MISSING_STANZA_DATA) {
      // A repository the marker outlived (moved, e.g. to S3, or emptied): the stanza is created anew.
      await this.createStanza(node);
      before = await this.info(node);
    }
    const made = before.backup.find((b) => b.annotation?.[TAG] === tag);
    if (made) return this.artifact(node, made);
    if (before.status.lock?.backup?.held) return 'busy';
    const type = kind === 'snapshot' ? 'full' : kind;
    try {
      await this.run(node, ['--type=' + type, `--annotation=${TAG}=${tag}`, 'backup'], 6 * 3600_000);
    } catch (error) {
      if (/unable to acquire lock/i.test((error as Error).message)) return 'busy';
      throw error;
    }
    const after = (await this.info(node)).backup.find((b) => b.annotation?.[TAG] === tag);
    if (!after) throw new Error(`pgbackrest reported success but its info holds no backup tagged ${tag}`);
    return this.artifact(node, after);
  }

  private async createStanza(node: PgNode): Promise<void> {
    await this.run(node, ['stanza-create']);
    writeFileSync(readyMarker(node.backupRoot, node.stanza), `${new Date().toISOString()}\n`);
  }

  /** Keeps the newest `keepFull` full backups (with what depends on them) and the WAL they need. */
  async expire(node: PgNode, keepFull: number): Promise<string[]> {
    this.ensureRepository(node.backupRoot, node.runAs);
    await this.run(node, [`--repo1-retention-full=${keepFull}`, 'expire']);
    return (await this.info(node)).backup.map((b) => b.label);
  }

  /**
   * Restores a backup into an empty data directory; with a target time, PostgreSQL replays archived
   * WAL up to it and is then promoted. pgBackRest writes restore_command and the targets into
   * postgresql.auto.conf.
   */
  async restore(source: RestoreSource, target: { backupRoot: string; pgdata: string; runAs: RunAs }): Promise<void> {
    const targetArgs = source.targetTime
      ? ['--type=time', `--target=${source.targetTime.replace('T', ' ').replace('Z', '+00')}`]
      : ['--type=immediate'];
    await runToCompletion(
      PGBACKREST,
      [
        `--config=${configFile(target.backupRoot)}`,
        `--stanza=${source.clusterId}`,
        `--pg1-path=${target.pgdata}`,
        `--set=${source.label}`,
        ...targetArgs,
        '--target-action=promote',
        'restore',
      ],
      { cwd: target.pgdata, runAs: target.runAs, timeoutMs: 6 * 3600_000 },
    );
  }

  private async info(node: PgNode): Promise<InfoStanza> {
    const json = await this.run(node, ['--output=json', 'info']);
    const stanza = (JSON.parse(json) as InfoStanza[]).find((s) => s.name === node.stanza);
    if (!stanza) throw new Error(`pgbackrest info does not list stanza ${node.stanza}`);
    return stanza;
  }

  private artifact(node: PgNode, backup: InfoBackup): BackupArtifact {
    const location = locationOf(node.backupRoot, node.stanza);
    const manifest = join(location, backup.label, 'backup.manifest');
    return {
      kind: backup.type,
      label: backup.label,
      sizeBytes: backup.info.size,
      storedBytes: backup.info.repository.delta,
      startedAt: new Date(backup.timestamp.start * 1000).toISOString(),
      finishedAt: new Date(backup.timestamp.stop * 1000).toISOString(),
      walStart: backup.archive.start,
      walStop: backup.archive.stop,
      // The manifest lists every file of the backup with its own checksum; an S3 repository's is not read here.
      checksum: existsSync(manifest) ? createHash('sha256').update(readFileSync(manifest)).digest('hex') : '',
      location: join(location, backup.label),
    };
  }

  /**
   * One pgBackRest command against a node's stanza, as the OS user PostgreSQL runs as; the password
   * only in the environment. Commands that reach the server (stanza-create, backup) get its address;
   * the repository's own commands (info, expire) refuse those options.
   */
  private run(node: PgNode, args: string[], timeoutMs = 120_000): Promise<string> {
    const command = args.at(-1);
    const server =
      command === 'stanza-create' || command === 'backup'
        ? [`--pg1-path=${node.pgdata}`, `--pg1-port=${node.port}`, `--pg1-socket-path=${node.socketDir}`, `--pg1-user=${node.user}`]
        : [];
    return runToCompletion(PGBACKREST, [`--config=${configFile(node.backupRoot)}`, `--stanza=${node.stanza}`, ...server, ...args], {
      cwd: repositoryDir(node.backupRoot),
      runAs: node.runAs,
      env: { PGPASSWORD: node.password },
      timeoutMs,
    });
  }
}
