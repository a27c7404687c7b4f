import type { FoldResult } from './fold';
import type { HealthState } from './scoring';

/** What one cluster's pages must redraw: its new state, or only that a node of it changed. */
export type HealthNotice = { clusterId: string; state: HealthState; score: number } | { clusterId: string; nodesChanged: true };

/**
 * The live `health` event of one batch: every cluster whose state changed, and every cluster with a
 * node that changed inside an unchanged cluster state (its pages still show that node). One
 * PUBLISH per batch, whatever its size: a batch of thousands of snapshots can move hundreds of clusters.
 */
export function healthNotices(result: FoldResult): HealthNotice[] {
  const notices: HealthNotice[] = result.clusterChanges.map((c) => ({ clusterId: c.clusterId, state: c.toState, score: c.score }));
  const moved = new Set(notices.map((n) => n.clusterId));
  for (const n of result.nodeChanges) {
    if (moved.has(n.clusterId)) continue;
    moved.add(n.clusterId);
    notices.push({ clusterId: n.clusterId, nodesChanged: true });
  }
  return notices;
}
