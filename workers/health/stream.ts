/** Redis keys of the health stream, under the deployment's prefix. */
export const healthKeys = (prefix: string) => ({
  stream: `${prefix}:health:snapshots`,
  group: 'aggregators',
  /** Set by the collector on every round: its absence means the collector, not the nodes, is silent. */
  collectorHeartbeat: `${prefix}:health:collector`,
  nodeHealth: (clusterId: string) => `${prefix}:health:cluster:${clusterId}`,
});

/** The stream keeps about this many snapshots; older ones are trimmed (history lives in PostgreSQL). */
export const STREAM_MAX_LENGTH = 100_000;
