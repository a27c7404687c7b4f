/** What one node says about another of its cluster: is that peer online from where it stands. */
export interface PeerView {
  name: string;
  up: boolean;
}

/** One fine-grained health snapshot of a node, as its agent pushes it into the stream. */
export interface NodeSnapshot {
  clusterId: string;
  nodeId: string;
  nodeName: string;
  role: string;
  /** Epoch milliseconds when the agent took it. */
  at: number;
  simulated: boolean;
  up: boolean;
  error?: string;
  latencyMs: number;
  memoryUsedPercent?: number;
  diskUsedPercent?: number;
  /** Client connections the engine holds open. */
  connections?: number;
  /** Errors the engine counted since the previous snapshot (rejected connections, error replies, rollbacks, conflicts). */
  errors?: number;
  /** How far behind its primary a replica is (for a primary, its slowest streaming replica), in seconds. */
  replicationLagSeconds?: number;
  /** For a replica: whether its link to the primary is up. */
  replicationLinkUp?: boolean;
  /** This node's view of the other nodes of its cluster (replication links, gossip). */
  peers?: PeerView[];
}

/** The few facts of a snapshot kept per node for drill-down (GET /api/clusters/:ref/nodes/:node/health). */
export interface RecentSnapshot {
  at: number;
  up: boolean;
  latencyMs: number;
  memoryUsedPercent: number | null;
  diskUsedPercent: number | null;
  connections: number | null;
  replicationLagSeconds: number | null;
  errors: number | null;
}

const round2 = (value: number | undefined): number | null => (value === undefined || !Number.isFinite(value) ? null : Math.round(value * 100) / 100);

export function recentOf(s: NodeSnapshot): RecentSnapshot {
  return {
    at: s.at, up: s.up, latencyMs: round2(s.latencyMs) ?? 0,
    memoryUsedPercent: round2(s.memoryUsedPercent), diskUsedPercent: round2(s.diskUsedPercent),
    connections: round2(s.connections), replicationLagSeconds: round2(s.replicationLagSeconds), errors: round2(s.errors),
  };
}

export const encodeSnapshot = (s: NodeSnapshot): string => JSON.stringify(s);

export function decodeSnapshot(text: string): NodeSnapshot | null {
  try {
    const value = JSON.parse(text) as Partial<NodeSnapshot>;
    return typeof value.nodeId === 'string' && typeof value.clusterId === 'string' && typeof value.at === 'number' ? (value as NodeSnapshot) : null;
  } catch {
    return null;
  }
}
