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
  connections?: number;
  /** For a replica: whether its link to the primary is up. */
  replicationLinkUp?: boolean;
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
