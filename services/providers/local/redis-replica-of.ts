import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError, UnprocessableError } from '../../core/errors';
import { LOCKS_DIR, type NodeFiles } from './node-files';
import { withNodeLock } from './node-lock';

const REPLICA_LINE = /^\s*(replicaof|slaveof)\s/i;
const SETTINGS_BLOCK = '# >>> datafleet node settings';

/**
 * Records which node a local Redis node follows (null: it is a primary now) in its node.json and
 * redis.conf, under the node's lock, so a restart keeps what a switchover changed at runtime.
 */
export async function recordReplicationSource(files: NodeFiles, name: string, primary: { host: string; port: number } | null): Promise<void> {
  await withNodeLock(join(files.dataRoot, LOCKS_DIR), name, async () => {
    const record = files.read(name);
    if (!record) throw new NotFoundError('local node', name);
    if (record.engine !== 'redis') throw new UnprocessableError(`a local ${record.engine} node cannot change the node it follows`, { name });
    writeReplicaOf(files.dir(name), primary);
    files.write({ ...record, role: primary ? 'replica' : 'primary', primary });
  });
}

/**
 * Rewrites the `replicaof` line of a node's redis.conf. The line goes before the block of
 * changeNode settings, where prepare() wrote it. Whole or not at all: a temp file renamed.
 */
function writeReplicaOf(dir: string, primary: { host: string; port: number } | null): void {
  const conf = join(dir, 'redis.conf');
  const lines = readFileSync(conf, 'utf8').replace(/\n+$/, '').split('\n').filter((line) => !REPLICA_LINE.test(line));
  if (primary) {
    const block = lines.findIndex((line) => line.startsWith(SETTINGS_BLOCK));
    lines.splice(block >= 0 ? block : lines.length, 0, `replicaof ${primary.host} ${primary.port}`);
  }
  writeFileSync(`${conf}.tmp`, `${lines.join('\n')}\n`, { mode: 0o600 });
  renameSync(`${conf}.tmp`, conf);
}
