import type { Redis } from 'ioredis';
import type { NodeHealth } from './hysteresis';
import type { ClusterMemory, FoldResult } from './fold';
import type { ObserverView } from './peer-views';
import { healthKeys, RECENT_SNAPSHOTS, RECENT_TTL_SECONDS } from './stream';
import { runLoad, runSave, SaveBatch } from './store-scripts';

/** A recent list may hold this many snapshots beyond RECENT_SNAPSHOTS before it is trimmed back. */
const RECENT_SLACK = 20;
/** The recent lists' expiry (a day) is pushed back at least this often while the node reports. */
const REFRESH_EVERY_MS = 3_600_000;

function parseFlat<T>(flat: Array<string | null> | undefined): Map<string, T> {
  const out = new Map<string, T>();
  for (let i = 0; flat && i + 1 < flat.length; i += 2) out.set(flat[i]!, JSON.parse(flat[i + 1]!) as T);
  return out;
}

/**
 * The aggregator's working memory in Redis, read and written a whole batch at a time: one script
 * call loads every cluster a batch touches; one script call stores the results and acknowledges
 * the batch's stream entries atomically, so a snapshot is acknowledged exactly when its effect is stored.
 */
export class HealthStore {
  readonly keys: ReturnType<typeof healthKeys>;
  /** When this process last refreshed each node's recent-list expiry. */
  private readonly refreshedAt = new Map<string, number>();

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = healthKeys(prefix);
  }

  async load(clusterIds: string[]): Promise<Map<string, ClusterMemory>> {
    const memory = new Map<string, ClusterMemory>();
    if (clusterIds.length === 0) return memory;
    const keys = clusterIds.flatMap((id) => [this.keys.nodeHealth(id), this.keys.peerViews(id)]);
    const replies = await runLoad(this.redis, keys, this.keys.clusterStates, clusterIds);
    const states = replies[keys.length] ?? [];
    clusterIds.forEach((id, i) => {
      const state = states[i];
      memory.set(id, {
        nodes: parseFlat<NodeHealth>(replies[i * 2]),
        views: parseFlat<ObserverView>(replies[i * 2 + 1]),
        state: state ? (JSON.parse(state) as ClusterMemory['state']) : undefined,
      });
    });
    return memory;
  }

  /** Stores a fold's result and acknowledges `ackIds`, atomically. */
  async save(result: FoldResult, ackIds: string[]): Promise<void> {
    const batch = new SaveBatch();
    for (const [clusterId, nodes] of result.nodes) {
      const pairs: string[] = [];
      for (const [nodeId, health] of nodes) pairs.push(nodeId, JSON.stringify(health));
      batch.hset(this.keys.nodeHealth(clusterId), pairs);
    }
    for (const [clusterId, views] of result.views) {
      const pairs: string[] = [];
      for (const [name, view] of views) pairs.push(name, JSON.stringify(view));
      batch.hset(this.keys.peerViews(clusterId), pairs);
    }
    batch.hset(this.keys.clusterStates, result.clusterChanges.flatMap((c) => [c.clusterId, JSON.stringify({ state: c.toState, score: c.score })]));
    const now = Date.now();
    for (const [nodeId, snapshots] of result.recent) {
      const refresh = now - (this.refreshedAt.get(nodeId) ?? 0) > REFRESH_EVERY_MS;
      if (refresh) this.refreshedAt.set(nodeId, now);
      batch.rpush(this.keys.recent(nodeId), refresh, snapshots.map((s) => JSON.stringify(s)));
    }
    batch.xack(this.keys.stream, this.keys.group, ackIds);
    await runSave(this.redis, batch, RECENT_SNAPSHOTS, RECENT_SLACK, RECENT_TTL_SECONDS);
  }
}
