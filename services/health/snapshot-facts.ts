import type { ProbePeer, ProbeResult } from '../engines/engine';
import type { ClusterNode } from '../core/types';
import type { ObservedMetrics } from '../providers/observed-node';
import type { NodeSnapshot, PeerView } from './snapshot';

type Base = Pick<NodeSnapshot, 'clusterId' | 'nodeId' | 'nodeName' | 'role' | 'at' | 'simulated'>;

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);
const sameHost = (a: string, b: string) => a === b || (loopback.has(a) && loopback.has(b));

/** The nodes `self` should have a view of: a primary its region's replicas, a replica its primary. */
function expectedPeers(self: ClusterNode, cluster: ClusterNode[]): ClusterNode[] {
  const live = cluster.filter((n) => n.id !== self.id && n.state !== 'terminated' && n.region === self.region);
  if (self.role === 'primary') return live.filter((n) => n.role === 'replica');
  if (self.role === 'replica') return live.filter((n) => n.role === 'primary');
  return [];
}

/** The cluster node a probe's peer stands for: by name, else by address; a replica's one unnamed peer is its primary. */
function nodeOfPeer(self: ClusterNode, cluster: ClusterNode[], peer: ProbePeer): ClusterNode | undefined {
  return (
    cluster.find((n) => peer.name !== undefined && n.name === peer.name) ??
    cluster.find((n) => peer.host !== undefined && n.host !== null && n.port === peer.port && sameHost(n.host, peer.host)) ??
    (self.role === 'replica' ? expectedPeers(self, cluster)[0] : undefined)
  );
}

/**
 * A probe's peers by node name. The engine names a peer when it can (PostgreSQL's
 * application_name) and gives its address otherwise (Redis's slaveN lines); a replica's one
 * unnamed peer is its primary. A node `self` should see but the engine did not list is seen down.
 */
export function resolvePeers(self: ClusterNode, cluster: ClusterNode[], seen: ProbePeer[] | undefined): PeerView[] | undefined {
  if (seen === undefined) return undefined;
  const byName = new Map<string, boolean>();
  for (const peer of seen) {
    const node = nodeOfPeer(self, cluster, peer);
    if (node && node.id !== self.id) byName.set(node.name, (byName.get(node.name) ?? false) || peer.up);
  }
  for (const node of expectedPeers(self, cluster)) if (!byName.has(node.name)) byName.set(node.name, false);
  return [...byName].map(([name, up]) => ({ name, up }));
}

/**
 * How far behind a replica is by its primary's probe of the same round: what the primary has
 * written and the replica acknowledged. Only the primary can tell a replica that is behind from
 * one whose link is merely quiet; undefined when the primary did not answer or does not list it.
 */
export function lagSeenByPrimary(self: ClusterNode, cluster: ClusterNode[], probes: ReadonlyMap<string, ProbeResult>): number | undefined {
  const primary = self.role === 'replica' ? expectedPeers(self, cluster)[0] : undefined;
  const view = primary ? probes.get(primary.id) : undefined;
  if (!primary || !view?.up) return undefined;
  return view.peers?.find((peer) => nodeOfPeer(primary, cluster, peer)?.id === self.id)?.lagSeconds;
}

const numeric = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** A snapshot from a real probe (Redis INFO, PostgreSQL's statistics views), with its primary's view of its lag for a replica. */
export function snapshotFromProbe(
  base: Base,
  probe: ProbeResult,
  peers: PeerView[] | undefined,
  errors: number | undefined,
  primaryLag?: number,
): NodeSnapshot {
  const d = probe.details;
  const used = numeric(d.used_memory);
  const max = numeric(d.maxmemory);
  const connections = numeric(d.connected_clients) ?? numeric(d.connections);
  const ownLag = numeric(d.replication_lag_seconds);
  // The replica's own figure (a link down for so long) and its primary's view of it: the worse one.
  const lag = ownLag === undefined ? primaryLag : primaryLag === undefined ? ownLag : Math.max(ownLag, primaryLag);
  const link =
    d.master_link_status !== undefined
      ? d.master_link_status === 'up'
      : d.wal_receiver_status !== undefined
        ? d.wal_receiver_status === 'streaming'
        : undefined;
  return {
    ...base,
    up: probe.up,
    latencyMs: probe.latencyMs,
    ...(probe.error ? { error: probe.error } : {}),
    ...(used !== undefined && max !== undefined && used > 0 && max > 0 ? { memoryUsedPercent: (used / max) * 100 } : {}),
    ...(probe.up && connections !== undefined ? { connections } : {}),
    ...(probe.up && errors !== undefined ? { errors } : {}),
    ...(probe.up && lag !== undefined ? { replicationLagSeconds: lag } : {}),
    ...(base.role === 'replica' && probe.up && link !== undefined ? { replicationLinkUp: link } : {}),
    ...(probe.up && peers !== undefined ? { peers } : {}),
  };
}

/** A snapshot from the simulator: its metrics and its gossip. */
export function snapshotFromSimulator(base: Base, state: string, m: ObservedMetrics | undefined, peers: PeerView[]): NodeSnapshot {
  if (state !== 'running' || !m) return { ...base, up: false, error: `simulated node is ${state}`, latencyMs: 0 };
  return {
    ...base,
    up: true,
    latencyMs: m.p99LatencyMs,
    memoryUsedPercent: m.memoryUsedPercent,
    diskUsedPercent: m.diskTotalGb > 0 ? (m.diskUsedGb / m.diskTotalGb) * 100 : undefined,
    connections: m.connections,
    errors: m.errors,
    ...(m.replicationLagSeconds !== null ? { replicationLagSeconds: m.replicationLagSeconds } : {}),
    peers,
    diskUsedGb: m.diskUsedGb,
    diskTotalGb: m.diskTotalGb,
    memoryUsedGb: m.memoryUsedGb,
    memoryTotalGb: m.memoryTotalGb,
    readsPerSecond: m.readsPerSecond,
    writesPerSecond: m.writesPerSecond,
    p99Ms: m.p99LatencyMs,
  };
}
