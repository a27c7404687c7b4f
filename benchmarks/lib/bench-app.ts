import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatafleet, type Role, type RunningDatafleet } from '../../services/app/app';
import { localNodesProvider } from '../../services/app/local-nodes';
import type { Config } from '../../services/core/config';
import { onCleanup } from './cleanup';
import { removeRedisPrefix } from './redis-prefix';
import { runId } from './run-id';
import { createScratchDatabase, dropScratchDatabase } from './scratch-database';

export const benchRedisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Stops and deletes the local-region processes (real redis-server/postgres) a run started under its data dir. */
async function destroyLocalNodes(dataDir: string): Promise<number> {
  const local = localNodesProvider(join(dataDir, 'local-nodes'));
  const nodes = await local.listNodes();
  for (const node of nodes) await local.destroyNode(node.providerId);
  return nodes.length;
}

/**
 * A Datafleet on a database, a Redis prefix and a data directory of this run's own; `stop()` (also
 * run on SIGINT/SIGTERM) stops it and removes all three and the local processes it started.
 */
export async function startBenchApp(name: string, roles: Role[], config: Partial<Config> = {}): Promise<RunningDatafleet> {
  const database = `datafleet_bench_${name}_${runId}`;
  const queuePrefix = `dfbench-${name}-${runId}`;
  const dataDir = mkdtempSync(join(tmpdir(), `datafleet-bench-${name}-`));
  let running: RunningDatafleet | null = null;
  const remove = onCleanup(async () => {
    await running?.stop();
    const processes = await destroyLocalNodes(dataDir);
    const keys = await removeRedisPrefix(benchRedisUrl, queuePrefix);
    await dropScratchDatabase(database);
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`removed database ${database}, ${keys} Redis keys under ${queuePrefix}*, ${processes} local node processes`);
  });
  const databaseUrl = await createScratchDatabase(database);
  running = await startDatafleet({
    roles,
    config: {
      port: 0,
      host: '127.0.0.1',
      databaseUrl,
      redisUrl: benchRedisUrl,
      dataDir,
      logLevel: 'error',
      queuePrefix,
      // A benchmark measures the product, not the per-token rate limit.
      rateLimitPerMinute: 1_000_000_000,
      ...config,
    },
  });
  return { ...running, stop: remove };
}
