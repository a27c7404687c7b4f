// How the simulated cloud models an engine's snapshots (part of the EngineAdapter port's simulated
// profile, see engine-port.ts): Cassandra snapshots every node under one id, Elasticsearch takes one
// snapshot of the whole cluster; sizes and durations follow from the data each node holds.

/** One node's data as the snapshot sees it. */
export interface SnapshotNodeInput {
  name: string;
  dataBytes: number;
}

/** One node's part of a snapshot, as the manifest lists it. */
export interface SnapshotManifestEntry {
  node: string;
  /** The node's data in the snapshot. */
  bytes: number;
  /** What it added to the repository: files already there from an earlier snapshot are not copied again. */
  storedBytes: number;
}

/** What taking one snapshot costs: each node's part and how long the whole takes, in simulated seconds. */
export interface SnapshotPlan {
  nodes: SnapshotManifestEntry[];
  seconds: number;
}

export interface SnapshotModel {
  /**
   * 'every-node': a snapshot on each member under one id, each shipped by the node itself
   * (nodetool snapshot + upload, Medusa-style); 'cluster': one request to any node snapshots every
   * shard (the `_snapshot` API).
   */
  readonly scope: 'every-node' | 'cluster';
  /** The engine's own vocabulary for the snapshot, for the location and logs. */
  readonly mechanism: string;
  /** The snapshot's id for a backup operation's tag: stable, so a retried request finds it. */
  snapshotId(tag: string): string;
  /** A snapshot of these nodes; `incremental`: the repository already holds an earlier one of the cluster. */
  plan(nodes: readonly SnapshotNodeInput[], incremental: boolean): SnapshotPlan;
  /** Simulated seconds a new node takes to load `bytes` of a snapshot before it serves. */
  restoreSeconds(bytes: number): number;
}
