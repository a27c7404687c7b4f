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
/** Clusters whose memory this process keeps between batches. */
const CACHE_LIMIT = 100_000;

function memoryFrom(entry: string[]): ClusterMemory {
  const nodes = new Map<string, NodeHealth>();
  const views = new Map<string, ObserverView>();
  for (let i = 2; i + 1 < entry.length; i += 2) {
    const health = JSON.parse(entry[i + 1]!) as NodeHealth;
    nodes.set(entry[i]!, health);
    if (health.name !== undefined && health.view) views.set(health.name, health.view);
  }
  const state = entry[1];
  return { nodes, views, state: state ? (JSON.parse(state) as ClusterMemory['state']) : undefined };
}

/**
 * The aggregator's working memory in Redis: one record per node (health and peer view) in one hash
 * per cluster, read and written a whole batch at a time. One script call loads every cluster a
 * batch touches — only a version number for a cluster this process wrote last — and one stores the
 * results, bumps the versions and acknowledges the batch's stream entries atomically, so a snapshot
 * is acknowledged exactly when its effect is stored.
 */
export class HealthStore {
  readonly keys: ReturnType<typeof healthKeys>;
  /** When this process last refreshed each node's recent-list expiry. */
  private readonly refreshedAt = new Map<string, number>();
  private readonly cache = new Map<string, { version: string; memory: ClusterMemory }>();
  /** The version of the hash each loaded cluster's memory was read at (or, once written, will be at). */
  private readonly versionOf = new WeakMap<ClusterMemory, string>();

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = healthKeys(prefix);
  }

  async load(clusterIds: string[]): Promise<Map<string, ClusterMemory>> {
    const memory = new Map<string, ClusterMemory>();
    if (clusterIds.length === 0) return memory;
    const cached = clusterIds.map((id): [string, string] => [id, this.cache.get(id)?.version ?? '']);
    const replies = await runLoad(
      this.redis,
      clusterIds.map((id) => this.keys.nodeHealth(id)),
      this.keys.clusterStates,
      this.keys.versions,
      cached,
    );
    clusterIds.forEach((id, i) => {
      const entry = replies[i] ?? [];
      const hit = this.cache.get(id);
      const cluster = entry.length === 0 && hit ? hit.memory : memoryFrom(entry);
      this.versionOf.set(cluster, entry.length === 0 && hit ? hit.version : (entry[0] ?? '0'));
      memory.set(id, cluster);
    });
    return memory;
  }

  /** After a failed batch, memory mutated in place no longer matches Redis. */
  forget(): void {
    this.cache.clear();
  }

  /**
   * Stores a fold's result and acknowledges `ackIds`, atomically; `memory` is what the fold ran on.
   * The write is sent before this returns its promise, so a load called after it is answered after it.
   */
  async save(result: FoldResult, ackIds: string[], memory: Map<string, ClusterMemory>): Promise<void> {
    const batch = new SaveBatch();
    for (const [clusterId, nodes] of result.nodes) {
      const key = this.keys.nodeHealth(clusterId);
      for (const [nodeId, health] of nodes) batch.hset(key, nodeId, JSON.stringify(health));
    }
    for (const c of result.clusterChanges)
      batch.hset(this.keys.clusterStates, c.clusterId, JSON.stringify({ state: c.toState, score: c.score }));
    const now = Date.now();
    for (const [nodeId, snapshots] of result.recent) {
      const key = this.keys.recent(nodeId);
      for (const s of snapshots) batch.rpush(key, s);
      if (now - (this.refreshedAt.get(nodeId) ?? 0) <= REFRESH_EVERY_MS) continue;
      this.refreshedAt.set(nodeId, now);
      batch.expire(key);
    }
    const written = [...new Set([...result.nodes.keys(), ...result.clusterChanges.map((c) => c.clusterId)])];
    batch.bumpVersions(this.keys.versions, written);
    batch.xack(this.keys.stream, this.keys.group, ackIds);
    // This copy is trusted before the reply comes: the next batch's load may already follow this
    // write on the connection. Its version is the one this write makes if no other process wrote
    // the cluster since it was loaded; when another did, Redis holds another version and the next
    // load reads the whole hash back.
    if (this.cache.size > CACHE_LIMIT) this.cache.clear();
    const expected = written.map((id) => {
      const m = memory.get(id);
      const loaded = m === undefined ? undefined : this.versionOf.get(m);
      if (m === undefined || loaded === undefined) {
        this.cache.delete(id);
        return undefined;
      }
      const version = String(Number(loaded) + 1);
      this.cache.set(id, { version, memory: m });
      this.versionOf.set(m, version);
      return version;
    });
    let versions: string[];
    try {
      versions = await runSave(this.redis, batch, RECENT_SNAPSHOTS, RECENT_SLACK, RECENT_TTL_SECONDS);
    } catch (error) {
      this.forget();
      throw error;
    }
    written.forEach((id, i) => {
      if (versions[i] === expected[i] || this.cache.get(id)?.version !== expected[i]) return;
      this.cache.delete(id); // another process wrote it too: read it back whole next time
    });
    if (this.refreshedAt.size > CACHE_LIMIT * 10) this.refreshedAt.clear();
  }
}
