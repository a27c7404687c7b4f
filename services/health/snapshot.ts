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
  /** Usage, for the metrics history (workers/metrics): what the node stores and serves. */
  diskUsedGb?: number;
  diskTotalGb?: number;
  /** Memory the engine uses; its total is the memory it may use (Redis: maxmemory; simulated: the instance's RAM). */
  memoryUsedGb?: number;
  memoryTotalGb?: number;
  readsPerSecond?: number;
  writesPerSecond?: number;
  /** The node's p99 request latency where the engine or simulator knows it; else the probe's own latency. */
  p99Ms?: number;
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

const hundredths = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? 'null' : String(Math.round(value * 100) / 100);

/**
 * A snapshot's drill-down facts as stored: a JSON array in RecentSnapshot's field order, under half
 * the bytes of the object form, written straight to text (it runs for every snapshot).
 */
export function encodeRecent(s: NodeSnapshot): string {
  return `[${s.at},${s.up},${hundredths(s.latencyMs) === 'null' ? 0 : hundredths(s.latencyMs)},${hundredths(s.memoryUsedPercent)},${hundredths(s.diskUsedPercent)},${hundredths(s.connections)},${hundredths(s.replicationLagSeconds)},${hundredths(s.errors)}]`;
}

export function decodeRecent(text: string): RecentSnapshot {
  const [at, up, latencyMs, memoryUsedPercent, diskUsedPercent, connections, replicationLagSeconds, errors] = JSON.parse(text) as [
    number,
    boolean,
    number,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
  ];
  return { at, up, latencyMs, memoryUsedPercent, diskUsedPercent, connections, replicationLagSeconds, errors };
}

export const encodeSnapshot = (s: NodeSnapshot): string => JSON.stringify(s);

export function decodeSnapshot(text: string): NodeSnapshot | null {
  try {
    const value = JSON.parse(text) as Partial<NodeSnapshot>;
    return typeof value.nodeId === 'string' && typeof value.clusterId === 'string' && typeof value.at === 'number'
      ? (value as NodeSnapshot)
      : null;
  } catch {
    return null;
  }
}
