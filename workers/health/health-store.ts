import type { Redis } from 'ioredis';
import type { NodeHealth } from './hysteresis';
import type { ClusterMemory, FoldResult } from './fold';
import type { ObserverView } from './peer-views';
import { healthKeys, RECENT_SNAPSHOTS, RECENT_TTL_SECONDS } from './stream';

type Reply = [Error | null, unknown][] | null;

function parseHash<T>(value: unknown): Map<string, T> {
  const out = new Map<string, T>();
  if (value === null || typeof value !== 'object') return out;
  for (const [field, raw] of Object.entries(value as Record<string, string>)) out.set(field, JSON.parse(raw) as T);
  return out;
}

/**
 * The aggregator's working memory in Redis, read and written a whole batch at a time: one
 * pipeline loads every cluster a batch touches, one MULTI stores the results and acknowledges the
 * batch's stream entries together, so a snapshot is acknowledged exactly when its effect is stored.
 */
export class HealthStore {
  readonly keys: ReturnType<typeof healthKeys>;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = healthKeys(prefix);
  }

  async load(clusterIds: string[]): Promise<Map<string, ClusterMemory>> {
    const pipeline = this.redis.pipeline();
    for (const id of clusterIds) pipeline.hgetall(this.keys.nodeHealth(id)).hgetall(this.keys.peerViews(id));
    if (clusterIds.length > 0) pipeline.hmget(this.keys.clusterStates, ...clusterIds);
    const replies = ((await pipeline.exec()) as Reply) ?? [];
    const failed = replies.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
    const states = (replies[clusterIds.length * 2]?.[1] ?? []) as Array<string | null>;
    const memory = new Map<string, ClusterMemory>();
    clusterIds.forEach((id, i) => {
      const state = states[i];
      memory.set(id, {
        nodes: parseHash<NodeHealth>(replies[i * 2]?.[1]),
        views: parseHash<ObserverView>(replies[i * 2 + 1]?.[1]),
        state: state ? (JSON.parse(state) as ClusterMemory['state']) : undefined,
      });
    });
    return memory;
  }

  /** Stores a fold's result and acknowledges `ackIds` in one transaction. */
  async save(result: FoldResult, ackIds: string[]): Promise<void> {
    const multi = this.redis.multi();
    for (const [clusterId, nodes] of result.nodes) {
      const fields: string[] = [];
      for (const [nodeId, health] of nodes) fields.push(nodeId, JSON.stringify(health));
      multi.hset(this.keys.nodeHealth(clusterId), ...fields);
    }
    for (const [clusterId, views] of result.views) {
      const fields: string[] = [];
      for (const [name, view] of views) fields.push(name, JSON.stringify(view));
      if (fields.length > 0) multi.hset(this.keys.peerViews(clusterId), ...fields);
    }
    for (const change of result.clusterChanges) {
      multi.hset(this.keys.clusterStates, change.clusterId, JSON.stringify({ state: change.toState, score: change.score }));
    }
    for (const [nodeId, snapshots] of result.recent) {
      const key = this.keys.recent(nodeId);
      multi.rpush(key, ...snapshots.map((s) => JSON.stringify(s))).ltrim(key, -RECENT_SNAPSHOTS, -1).expire(key, RECENT_TTL_SECONDS);
    }
    if (ackIds.length > 0) multi.xack(this.keys.stream, this.keys.group, ...ackIds);
    await multi.exec();
  }
}
