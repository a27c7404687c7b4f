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
  // A cluster's HA manager (Redis Sentinel) first, so it fails nothing over to a node about to go.
  for (const clusterId of local.failoverManagedClusters()) await local.destroyFailoverManager(clusterId);
  for (const node of nodes) await local.destroyNode(node.providerId);
  return nodes.length;
}

/** Where a run's Datafleet keeps its state: a database, a Redis prefix and a data directory of its own. */
export interface BenchEnvironment {
  databaseUrl: string;
  queuePrefix: string;
  dataDir: string;
  /** The configuration every Datafleet process of this run starts with. */
  config: Partial<Config>;
}

/**
 * Creates this run's database, Redis prefix and data directory; `stopFirst` (the run's servers)
 * is stopped before they are removed, at the end or on SIGINT/SIGTERM. Returns the environment
 * and the function that removes it now.
 */
export async function createBenchEnvironment(
  name: string,
  stopFirst: () => Promise<unknown>,
): Promise<{ env: BenchEnvironment; remove: () => Promise<void> }> {
  const database = `datafleet_bench_${name}_${runId}`;
  const queuePrefix = `dfbench-${name}-${runId}`;
  const dataDir = mkdtempSync(join(tmpdir(), `datafleet-bench-${name}-`));
  const remove = onCleanup(async () => {
    await stopFirst();
    const processes = await destroyLocalNodes(dataDir);
    const keys = await removeRedisPrefix(benchRedisUrl, queuePrefix);
    await dropScratchDatabase(database);
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`removed database ${database}, ${keys} Redis keys under ${queuePrefix}*, ${processes} local node processes`);
  });
  const databaseUrl = await createScratchDatabase(database);
  const config: Partial<Config> = {
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    redisUrl: benchRedisUrl,
    dataDir,
    logLevel: 'error',
    queuePrefix,
    // A benchmark measures the product, not the per-token rate limit.
    rateLimitPerMinute: 1_000_000_000,
  };
  return { env: { databaseUrl, queuePrefix, dataDir, config }, remove };
}

/**
 * A Datafleet on a database, a Redis prefix and a data directory of this run's own; `stop()` (also
 * run on SIGINT/SIGTERM) stops it and removes all three and the local processes it started.
 */
export async function startBenchApp(name: string, roles: Role[], config: Partial<Config> = {}): Promise<RunningDatafleet> {
  let running: RunningDatafleet | null = null;
  const { env, remove } = await createBenchEnvironment(name, async () => running?.stop());
  running = await startDatafleet({ roles, config: { ...env.config, ...config } });
  return { ...running, stop: remove };
}
