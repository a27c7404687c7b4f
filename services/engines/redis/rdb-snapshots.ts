import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BackupArtifact, LocalBackups, RestoreSource } from '../engine';
import { UnavailableError } from '../../core/errors';
import { openRedis, parseRedisInfo } from './connection';

const SAVE_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 100;

/** A cluster's snapshots: `<backupRoot>/redis/<cluster id>/<tag>.rdb`, and `<tag>.json` written last (its presence means complete). */
const folderOf = (backupRoot: string, clusterId: string) => join(backupRoot, 'redis', clusterId);

const sha256Of = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * Copies `from` to `to` and hashes it in the same pass, streamed: one read of the file instead of a
 * copy and a second full read for the hash, and neither the event loop blocked nor the whole RDB held
 * in memory while a multi-gigabyte snapshot is stored. The copy is fsynced before it counts.
 */
async function copyWithSha256(from: string, to: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(to, { flush: true });
  await pipeline(
    createReadStream(from, { highWaterMark: 1 << 20 }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    out,
  );
  return hash.digest('hex');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Redis backups: BGSAVE on the node (the workflow picks a replica when there is one, so the
 * primary does not pay for the fork), then the RDB file copied into the repository with its sha256.
 * Idempotent by tag: a finished snapshot is found again by its metadata file.
 */
export class RdbSnapshots implements LocalBackups {
  async backUp(input: Parameters<LocalBackups['backUp']>[0]): Promise<BackupArtifact> {
    const folder = folderOf(input.backupRoot, input.clusterId);
    const meta = join(folder, `${input.tag}.json`);
    if (existsSync(meta)) return JSON.parse(readFileSync(meta, 'utf8')) as BackupArtifact;
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const startedAt = new Date().toISOString();
    await this.bgsave(input.port, input.password);
    const rdb = join(folder, `${input.tag}.rdb`);
    // Copied under a temporary name, so a crash mid-copy never leaves a file that looks whole.
    const checksum = await copyWithSha256(join(input.dir, 'dump.rdb'), `${rdb}.partial`);
    renameSync(`${rdb}.partial`, rdb);
    const size = statSync(rdb).size;
    const artifact: BackupArtifact = {
      kind: 'snapshot',
      label: input.tag,
      sizeBytes: size,
      storedBytes: size,
      startedAt,
      finishedAt: new Date().toISOString(),
      walStart: null,
      walStop: null,
      checksum,
      location: rdb,
    };
    writeFileSync(`${meta}.tmp`, JSON.stringify(artifact));
    renameSync(`${meta}.tmp`, meta);
    return artifact;
  }

  /** Keeps the newest `keepFull` snapshots of the cluster. */
  async expire(input: Parameters<LocalBackups['expire']>[0]): Promise<string[]> {
    const folder = folderOf(input.backupRoot, input.clusterId);
    if (!existsSync(folder)) return [];
    const snapshots = readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as BackupArtifact)
      .sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
    for (const old of snapshots.slice(input.keepFull)) {
      rmSync(join(folder, `${old.label}.json`), { force: true });
      rmSync(join(folder, `${old.label}.rdb`), { force: true });
    }
    return snapshots.slice(0, input.keepFull).map((s) => s.label);
  }

  /**
   * Puts a snapshot where a new node with AOF on loads it: as the base of a multi-part AOF (Redis
   * 7), since a server with appendonly yes and no AOF ignores dump.rdb and starts empty. The copy
   * must match the checksum recorded when it was made.
   */
  restore(source: RestoreSource, backupRoot: string, dir: string): void {
    const folder = folderOf(backupRoot, source.clusterId);
    const meta = join(folder, `${source.label}.json`);
    if (!existsSync(meta)) throw new Error(`snapshot ${source.label} of cluster ${source.clusterId} is not in the repository`);
    const recorded = (JSON.parse(readFileSync(meta, 'utf8')) as BackupArtifact).checksum;
    const aofDir = join(dir, 'appendonlydir');
    mkdirSync(aofDir, { recursive: true, mode: 0o700 });
    const base = join(aofDir, 'appendonly.aof.1.base.rdb');
    copyFileSync(join(folder, `${source.label}.rdb`), base);
    if (sha256Of(base) !== recorded) {
      rmSync(aofDir, { recursive: true, force: true });
      throw new Error(`snapshot ${source.label} does not match its recorded sha256; it is corrupt`);
    }
    writeFileSync(join(aofDir, 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.rdb seq 1 type b\n');
  }

  /** BGSAVE and wait (bounded) until a save that started after the request has finished well. */
  private async bgsave(port: number, password: string): Promise<void> {
    const session = await openRedis({ name: 'backup', host: '127.0.0.1', port, role: 'replica' }, { username: 'default', password }, 5000);
    try {
      const info = async () => parseRedisInfo(await session.client.info('persistence'));
      let savesBefore = 0;
      const deadline = Date.now() + SAVE_TIMEOUT_MS;
      let requested = false;
      for (;;) {
        const now = await info();
        if (now.get('rdb_bgsave_in_progress') === '0') {
          if (requested && Number(now.get('rdb_saves') ?? 0) > savesBefore) {
            if (now.get('rdb_last_bgsave_status') !== 'ok')
              throw new Error('BGSAVE failed (rdb_last_bgsave_status is not ok); see the node log');
            return;
          }
          if (!requested) {
            savesBefore = Number(now.get('rdb_saves') ?? 0);
            await session.client.bgsave();
            requested = true;
          }
        }
        if (Date.now() > deadline) throw new UnavailableError(`BGSAVE on port ${port} did not finish within ${SAVE_TIMEOUT_MS / 1000} s`);
        await sleep(POLL_MS);
      }
    } catch (error) {
      throw session.explain(error);
    } finally {
      session.close();
    }
  }
}
