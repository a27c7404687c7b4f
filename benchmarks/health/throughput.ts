import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { CoreContext } from '../../services/app/context';
import { standaloneHealthAggregator } from '../../services/app/health-aggregator';
import { seedClusters } from '../lib/seed';
import { benchRedisUrl } from '../lib/bench-app';
import { runLoadProcess } from '../lib/load-process';
import type { SnapshotLoadPlan, SnapshotLoadReport } from './snapshot-load';

export interface ThroughputResult {
  snapshots: number;
  clusters: number;
  nodes: number;
  prefillSeconds: number;
  /** CPU of the load generator process that filled the stream (not part of the drain). */
  prefillCpuMs: number;
  drainSeconds: number;
  perSecond: number;
  /** The aggregator process's CPU (user + system) while it drained, per snapshot. */
  cpuMicrosecondsPerSnapshot: number;
  /**
   * Snapshots per second of CPU the aggregator got: its rate with a core to itself. On a shared
   * machine the wall-clock rate falls with the load; this one much less.
   */
  perCpuSecond: number;
  batches: number;
  /** The machine's 1-minute load average as the drain began and ended (it is shared with other work). */
  loadAverage: [number, number];
  nodeTransitions: number;
  clusterTransitions: number;
}

/**
 * Seeds `clusters` clusters in a fresh database, has a load generator process fill the health
 * stream with `total` snapshots (rounds of one snapshot per node, one interval apart), then times
 * one aggregator in this process draining it.
 */
export async function measureThroughput(
  ctx: CoreContext,
  options: { clusters: number; nodesPerCluster: number; total: number },
): Promise<ThroughputResult> {
  const team = await ctx.repos.teams.find('platform');
  await seedClusters(ctx.pool, team!.id, options.clusters, 'hb');
  const { rows } = await ctx.pool.query<{ id: string }>('SELECT id FROM clusters ORDER BY name');
  const redis = new Redis(benchRedisUrl);
  const aggregator = standaloneHealthAggregator(ctx, redis, 'bench-aggregator');
  await aggregator.ensureGroup();

  const fill = await runLoadProcess<SnapshotLoadPlan, SnapshotLoadReport>(join(import.meta.dirname, 'snapshot-load.ts'), {
    redisUrl: benchRedisUrl,
    stream: aggregator.keys.stream,
    clusterIds: rows.map((r) => r.id),
    nodesPerCluster: options.nodesPerCluster,
    total: options.total,
    intervalMs: ctx.config.healthIntervalMs,
  });

  const loadBefore = loadavg()[0]!;
  const drainStarted = performance.now();
  const cpu = process.cpuUsage();
  const deadline = Date.now() + 600_000;
  let batches = 0;
  const applied = await aggregator.consume((n) => (batches += 1) > 0 && (n >= options.total || Date.now() > deadline), 50);
  batches -= 1;
  const used = process.cpuUsage(cpu);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const { rows: counts } = await ctx.pool.query<{ target_type: string; n: number }>(
    'SELECT target_type, count(*)::int AS n FROM health_transitions GROUP BY target_type',
  );
  redis.disconnect();
  const count = (type: string) => counts.find((c) => c.target_type === type)?.n ?? 0;
  return {
    snapshots: applied,
    clusters: rows.length,
    nodes: fill.nodes,
    prefillSeconds: fill.seconds,
    prefillCpuMs: fill.cpuMs,
    drainSeconds: Math.round(drainSeconds * 100) / 100,
    perSecond: Math.round(applied / drainSeconds),
    cpuMicrosecondsPerSnapshot: Math.round(((used.user + used.system) / Math.max(1, applied)) * 10) / 10,
    perCpuSecond: Math.round((applied * 1e6) / Math.max(1, used.user + used.system)),
    batches,
    loadAverage: [Math.round(loadBefore * 100) / 100, Math.round(loadavg()[0]! * 100) / 100],
    nodeTransitions: count('node'),
    clusterTransitions: count('cluster'),
  };
}
