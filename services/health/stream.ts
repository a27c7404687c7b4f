/** Redis keys of the health stream, under the deployment's prefix. */
export const healthKeys = (prefix: string) => ({
  stream: `${prefix}:health:snapshots`,
  group: 'aggregators',
  /** Set by the collector on every round: its absence means the collector, not the nodes, is silent. */
  collectorHeartbeat: `${prefix}:health:collector`,
  /** Hash: node id → its NodeHealth (state, score, causes, hysteresis streak, last snapshot time, view of its peers). */
  nodeHealth: (clusterId: string) => `${prefix}:health:cluster:${clusterId}`,
  /** Hash: cluster id → its last recorded { state, score }. */
  clusterStates: `${prefix}:health:clusters`,
  /** Hash: cluster id → a counter bumped by every write of its node hash (lets a writer trust its own copy). */
  versions: `${prefix}:health:versions`,
  /** Capped list of a node's recent snapshots for drill-down, oldest first. */
  recent: (nodeId: string) => `${prefix}:health:recent:${nodeId}`,
});

/** The stream keeps about this many snapshots; older ones are trimmed (history lives in PostgreSQL). */
export const STREAM_MAX_LENGTH = 100_000;

/** Snapshots kept per node for drill-down: four minutes at the default 2-second interval. */
export const RECENT_SNAPSHOTS = 120;

/** A node's recent snapshots go when it has not reported for a day (it was removed). */
export const RECENT_TTL_SECONDS = 86_400;
