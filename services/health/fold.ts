import type { Sla } from '../core/types';
import { advance, type NodeHealth } from './hysteresis';
import { clusterHealth } from './cluster-health';
import { absorbViews, opinionOf, type ClusterViews } from './peer-views';
import { scoreSnapshot, type HealthState } from './scoring';
import { encodeRecent, type NodeSnapshot } from './snapshot';

/** What the store holds of one cluster before a batch is applied. */
export interface ClusterMemory {
  nodes: Map<string, NodeHealth>;
  views: ClusterViews;
  /** The cluster's recorded state; undefined when it has never been scored. */
  state: { state: HealthState; score: number } | undefined;
}

/** A scored fact about one node: from a snapshot, or from its silence. */
export interface Observation {
  clusterId: string;
  nodeId: string;
  nodeName: string | undefined;
  at: number;
  score: number;
  causes: string[];
  /** The snapshot's drill-down facts, encoded (encodeRecent). */
  recent?: string;
}

export interface Transition {
  targetType: 'node' | 'cluster';
  targetId: string;
  clusterId: string;
  fromState: HealthState | null;
  toState: HealthState;
  score: number;
  causes: string[];
}

export interface NodeChange extends Transition {
  nodeName: string | undefined;
}

export interface FoldResult {
  /** Every node touched, with its new health, per cluster. */
  nodes: Map<string, Map<string, NodeHealth>>;
  /** Peer views that changed, per cluster (observer name → view); each is stored with its node's health. */
  views: Map<string, ClusterViews>;
  recent: Map<string, string[]>;
  nodeChanges: NodeChange[];
  clusterChanges: Transition[];
}

/** Scores a batch's snapshots: every peer view of the batch is taken in first, so a round's views meet its snapshots. */
export function scoreBatch(
  snapshots: NodeSnapshot[],
  memory: Map<string, ClusterMemory>,
  slas: Map<string, Sla>,
  freshnessMs: number,
): { observations: Observation[]; views: Map<string, ClusterViews> } {
  const views = new Map<string, ClusterViews>();
  const byCluster = new Map<string, NodeSnapshot[]>();
  for (const s of snapshots) {
    const list = byCluster.get(s.clusterId);
    if (list) list.push(s);
    else byCluster.set(s.clusterId, [s]);
  }
  const observations: Observation[] = [];
  for (const [clusterId, list] of byCluster) {
    const sla = slas.get(clusterId);
    const cluster = memory.get(clusterId);
    if (!sla || !cluster) continue; // a cluster that no longer exists
    const changed = absorbViews(cluster.views, list);
    const fresh: ClusterViews = new Map();
    for (const name of changed) fresh.set(name, cluster.views.get(name)!); // absorbViews just set it
    if (fresh.size > 0) views.set(clusterId, fresh);
    for (const s of list) {
      const { score, causes } = scoreSnapshot(s, sla, opinionOf(cluster.views, s.nodeName, s.at, freshnessMs));
      observations.push({ clusterId, nodeId: s.nodeId, nodeName: s.nodeName, at: s.at, score, causes, recent: encodeRecent(s) });
    }
  }
  return { observations, views };
}

/**
 * Folds observations, oldest first, into the nodes' health (with hysteresis) and the clusters'
 * health; pure, so one batch of thousands of snapshots costs no round trip of its own.
 * An observation older than what its node last saw (a redelivered snapshot) changes nothing.
 */
export function foldObservations(
  observations: Observation[],
  memory: Map<string, ClusterMemory>,
  views = new Map<string, ClusterViews>(),
): FoldResult {
  const result: FoldResult = { nodes: new Map(), views, recent: new Map(), nodeChanges: [], clusterChanges: [] };
  const changedClusters = new Set<string>();
  const ordered = observations.every((o, i) => i === 0 || observations[i - 1]!.at <= o.at)
    ? observations
    : [...observations].sort((a, b) => a.at - b.at);
  for (const o of ordered) {
    const cluster = memory.get(o.clusterId);
    if (!cluster) continue;
    const previous = cluster.nodes.get(o.nodeId);
    if (o.recent) {
      const kept = result.recent.get(o.nodeId);
      if (kept) kept.push(o.recent);
      else result.recent.set(o.nodeId, [o.recent]);
    }
    if (previous && o.at < previous.lastSnapshotAt) continue;
    const { health: stored, changed } = advance(previous, o.score, o.causes, o.at);
    // Set on the record advance just built (no spread copies: this runs for every snapshot).
    const name = o.nodeName ?? previous?.name;
    if (name !== undefined) {
      stored.name = name;
      const view = cluster.views.get(name);
      if (view) stored.view = view;
    }
    cluster.nodes.set(o.nodeId, stored);
    const touched = result.nodes.get(o.clusterId);
    if (touched) touched.set(o.nodeId, stored);
    else result.nodes.set(o.clusterId, new Map([[o.nodeId, stored]]));
    if (!changed) continue;
    changedClusters.add(o.clusterId);
    result.nodeChanges.push({
      targetType: 'node',
      targetId: o.nodeId,
      clusterId: o.clusterId,
      nodeName: name,
      fromState: previous?.state ?? null,
      toState: stored.state,
      score: o.score,
      causes: o.causes,
    });
  }
  for (const clusterId of changedClusters) {
    const cluster = memory.get(clusterId);
    if (!cluster) continue;
    const next = clusterHealth([...cluster.nodes.values()]);
    if (cluster.state?.state === next.state && cluster.state.score === next.score) continue;
    result.clusterChanges.push({
      targetType: 'cluster',
      targetId: clusterId,
      clusterId,
      fromState: cluster.state?.state ?? null,
      toState: next.state,
      score: next.score,
      causes: next.causes,
    });
    cluster.state = { state: next.state, score: next.score };
  }
  return result;
}

/**
 * An observation scoring 0 for every node not heard from for more than `limitMs` that was also
 * missing from a collection round the collector completed since (`roundStartedAt`): a collector
 * whose rounds overrun the interval delivers every node late, and late is not silent.
 */
export function silentNodes(memory: Map<string, ClusterMemory>, now: number, limitMs: number, roundStartedAt: number): Observation[] {
  const observations: Observation[] = [];
  for (const [clusterId, cluster] of memory) {
    for (const [nodeId, health] of cluster.nodes) {
      if (now - health.lastSnapshotAt <= limitMs || health.lastSnapshotAt >= roundStartedAt) continue;
      const cause = `node silent: no snapshot for ${Math.round((now - health.lastSnapshotAt) / 1000)} s`;
      observations.push({ clusterId, nodeId, nodeName: health.name, at: health.lastSnapshotAt, score: 0, causes: [cause] });
    }
  }
  return observations;
}
