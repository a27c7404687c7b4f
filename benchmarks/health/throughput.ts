import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CoreContext } from '../../services/app/context';
import { standaloneHealthAggregator } from '../../services/app/health-aggregator';
import { encodeSnapshot, type NodeSnapshot } from '../../services/health/snapshot';
import { seedClusters } from '../lib/seed';
import { benchRedisUrl } from '../lib/bench-app';

export interface ThroughputResult {
  snapshots: number;
  clusters: number;
  nodes: number;
  prefillSeconds: number;
  drainSeconds: number;
  perSecond: number;
  batches: number;
  nodeTransitions: number;
  clusterTransitions: number;
}

/** A small seeded generator (mulberry32): the same stream of snapshots in every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface SyntheticNode {
  clusterId: string;
  nodeId: string;
  name: string;
  role: string;
  peers: string[];
  /** The round from which it is down (1% of nodes) or under disk pressure (3%), if ever. */
  diesAt: number | null;
  fillsAt: number | null;
}

function syntheticFleet(clusterIds: string[], nodesPerCluster: number, rounds: number, random: () => number): SyntheticNode[] {
  return clusterIds.flatMap((clusterId, c) => {
    const names = Array.from({ length: nodesPerCluster }, (_, k) => `hb-${c}-${k}`);
    return names.map((name, k) => ({
      clusterId,
      nodeId: randomUUID(),
      name,
      role: k === 0 ? 'primary' : 'replica',
      peers: k === 0 ? names.slice(1) : [names[0]!],
      diesAt: random() < 0.01 ? Math.floor(random() * rounds) : null,
      fillsAt: random() < 0.03 ? Math.floor(random() * rounds) : null,
    }));
  });
}

function snapshotOf(n: SyntheticNode, round: number, at: number, random: () => number, down: Set<string>): NodeSnapshot {
  const base = { clusterId: n.clusterId, nodeId: n.nodeId, nodeName: n.name, role: n.role, at, simulated: true };
  if (n.diesAt !== null && round >= n.diesAt) return { ...base, up: false, error: 'connect ECONNREFUSED', latencyMs: 0.4 };
  return {
    ...base,
    up: true,
    latencyMs: 0.5 + random() * 4,
    memoryUsedPercent: 40 + random() * 30,
    diskUsedPercent: n.fillsAt !== null && round >= n.fillsAt ? 92 : 30 + random() * 30,
    connections: Math.floor(20 + random() * 200),
    errors: random() < 0.02 ? 1 : 0,
    ...(n.role === 'replica' ? { replicationLagSeconds: random(), replicationLinkUp: true } : {}),
    peers: n.peers.map((name) => ({ name, up: !down.has(name) })),
  };
}

/**
 * Seeds `clusters` clusters in a fresh database, fills the health stream with `total` snapshots
 * (rounds of one snapshot per node, 5 s apart), then times one aggregator draining it.
 */
export async function measureThroughput(
  ctx: CoreContext,
  options: { clusters: number; nodesPerCluster: number; total: number },
): Promise<ThroughputResult> {
  const team = await ctx.repos.teams.find('platform');
  await seedClusters(ctx.pool, team!.id, options.clusters, 'hb');
  const { rows } = await ctx.pool.query<{ id: string }>('SELECT id FROM clusters ORDER BY name');
  const random = seeded(42);
  const rounds = Math.ceil(options.total / (rows.length * options.nodesPerCluster));
  const fleet = syntheticFleet(
    rows.map((r) => r.id),
    options.nodesPerCluster,
    rounds,
    random,
  );
  const redis = new Redis(benchRedisUrl);
  const aggregator = standaloneHealthAggregator(ctx, redis, 'bench-aggregator');
  await aggregator.ensureGroup();

  const fillStarted = performance.now();
  const start = Date.now() - rounds * 5000;
  let written = 0;
  for (let round = 0; written < options.total; round += 1) {
    const down = new Set(fleet.filter((n) => n.diesAt !== null && round >= n.diesAt).map((n) => n.name));
    const pipeline = redis.pipeline();
    for (const n of fleet.slice(0, options.total - written)) {
      pipeline.xadd(aggregator.keys.stream, '*', 'snapshot', encodeSnapshot(snapshotOf(n, round, start + round * 5000, random, down)));
    }
    written += pipeline.length;
    await pipeline.exec();
  }
  const prefillSeconds = (performance.now() - fillStarted) / 1000;

  const drainStarted = performance.now();
  const deadline = Date.now() + 600_000;
  let batches = 0;
  const applied = await aggregator.consume((n) => (batches += 1) > 0 && (n >= options.total || Date.now() > deadline), 50);
  batches -= 1;
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const { rows: counts } = await ctx.pool.query<{ target_type: string; n: number }>(
    'SELECT target_type, count(*)::int AS n FROM health_transitions GROUP BY target_type',
  );
  redis.disconnect();
  const count = (type: string) => counts.find((c) => c.target_type === type)?.n ?? 0;
  return {
    snapshots: applied,
    clusters: rows.length,
    nodes: fleet.length,
    prefillSeconds: Math.round(prefillSeconds * 10) / 10,
    drainSeconds: Math.round(drainSeconds * 100) / 100,
    perSecond: Math.round(applied / drainSeconds),
    batches,
    nodeTransitions: count('node'),
    clusterTransitions: count('cluster'),
  };
}
