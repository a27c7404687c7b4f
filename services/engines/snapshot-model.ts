import type { SnapshotModel, SnapshotNodeInput, SnapshotPlan } from './engine';

/** The figures that make an engine's snapshot model: what is copied, how fast, and what it costs to start. */
export interface SnapshotModelParams {
  scope: SnapshotModel['scope'];
  mechanism: string;
  /** Share of a node's data the snapshot holds (Elasticsearch snapshots primaries only; Cassandra every replica). */
  snapshottedShare: number;
  /** Share of the data new since the previous snapshot: an incremental snapshot copies only those files. */
  changedShare: number;
  /** Flush, hard links, cluster-state write: simulated seconds before any byte moves. */
  setupSeconds: number;
  /** Each node ships its own part at this rate, all nodes at once. */
  uploadBytesPerSecond: number;
  /** A new node downloads and loads its part at this rate. */
  restoreBytesPerSecond: number;
}

const MB = 1024 * 1024;
export const mbPerSecond = (mb: number): number => mb * MB;

/** A snapshot model from its figures: every node copies its part in parallel, so the slowest sets the duration. */
export function createSnapshotModel(params: SnapshotModelParams): SnapshotModel {
  return {
    scope: params.scope,
    mechanism: params.mechanism,
    snapshotId: (tag) => `datafleet-${tag}`,
    plan(nodes: readonly SnapshotNodeInput[], incremental: boolean): SnapshotPlan {
      const entries = nodes.map((n) => {
        const bytes = Math.round(n.dataBytes * params.snapshottedShare);
        return { node: n.name, bytes, storedBytes: incremental ? Math.round(bytes * params.changedShare) : bytes };
      });
      const slowest = Math.max(0, ...entries.map((e) => e.storedBytes / params.uploadBytesPerSecond));
      return { nodes: entries, seconds: Math.ceil(params.setupSeconds + slowest) };
    },
    restoreSeconds: (bytes) => Math.ceil(params.setupSeconds + bytes / params.restoreBytesPerSecond),
  };
}
