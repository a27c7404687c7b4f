import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPLICA_LINE = /^\s*(replicaof|slaveof)\s/i;
const SETTINGS_BLOCK = '# >>> datafleet node settings';

/**
 * Rewrites the `replicaof` line of a node's redis.conf (none: the node is a primary), so a restart
 * keeps the replication source a switchover set at runtime. The line goes before the block of
 * changeNode settings, where prepare() wrote it. Whole or not at all: a temp file renamed.
 */
export function writeReplicaOf(dir: string, primary: { host: string; port: number } | null): void {
  const conf = join(dir, 'redis.conf');
  const lines = readFileSync(conf, 'utf8').replace(/\n+$/, '').split('\n').filter((line) => !REPLICA_LINE.test(line));
  if (primary) {
    const block = lines.findIndex((line) => line.startsWith(SETTINGS_BLOCK));
    lines.splice(block >= 0 ? block : lines.length, 0, `replicaof ${primary.host} ${primary.port}`);
  }
  writeFileSync(`${conf}.tmp`, `${lines.join('\n')}\n`, { mode: 0o600 });
  renameSync(`${conf}.tmp`, conf);
}
