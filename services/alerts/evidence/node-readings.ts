import type { Redis } from 'ioredis';
import type { AlertsDeps } from '../alerts-deps';
import type { ClusterNode } from '../../core/types';
import { healthKeys } from '../../health/stream';
import { decodeRecent, type RecentSnapshot } from '../../health/snapshot';

export interface NodeReading {
  node: string;
  /** The node's latest snapshot, when it is fresh enough to speak for the node now. */
  latest: RecentSnapshot | null;
  /** The health stream's state of the node: its last transition (PostgreSQL), with the live causes when they agree. */
  state: string | null;
  causes: string[];
}

/** A snapshot older than this says nothing about now: five health intervals, at least 30 s. */
const freshnessMs = (ctx: AlertsDeps) => Math.max(5 * ctx.config.healthIntervalMs, 30_000);

/** What the health stream knows of each node right now: its last snapshot's figures and its state. */
export async function readNodes(ctx: AlertsDeps, redis: Redis, clusterId: string, nodes: ClusterNode[]): Promise<NodeReading[]> {
  const keys = healthKeys(ctx.config.queuePrefix);
  const pipeline = redis.pipeline();
  for (const n of nodes) pipeline.lindex(keys.recent(n.id), -1);
  pipeline.hgetall(keys.nodeHealth(clusterId));
  const results = (await pipeline.exec()) ?? [];
  const live = (results[nodes.length]?.[1] ?? {}) as Record<string, string>;
  const recorded = await ctx.repos.health.forCluster(clusterId);
  const now = Date.now();
  return nodes.map((n, i) => {
    const text = results[i]?.[1];
    const snapshot = typeof text === 'string' ? decodeRecent(text) : null;
    const liveHealth = live[n.id] ? (JSON.parse(live[n.id]!) as { state: string; causes: string[] }) : null;
    const stored = recorded.find((h) => h.targetType === 'node' && h.targetId === n.id);
    // A state change reaches PostgreSQL before the aggregator saves its memory in Redis, so the
    // stored state is never older than the live one; the live record only adds fresher causes.
    const state = stored?.state ?? liveHealth?.state ?? null;
    const causes = liveHealth && liveHealth.state === state ? liveHealth.causes : (stored?.causes ?? []);
    return {
      node: n.name,
      latest: snapshot && now - snapshot.at <= freshnessMs(ctx) ? snapshot : null,
      state,
      causes,
    };
  });
}
