import type { EngineName, NodeRole, NodeState } from '../core/types';
import type { Credentials } from '../engines/engine';

export interface TargetNode {
  name: string;
  host: string;
  port: number;
  role: NodeRole;
  version: string;
}

/** What the simulated driver needs of a node: the simulator's view of it right now. */
export interface SimulatedTargetNode {
  name: string;
  role: NodeRole;
  version: string;
  state: NodeState;
  /** The simulator's p99 latency for this node (version-dependent); 0 when it serves nothing. */
  p99LatencyMs: number;
}

/**
 * Where a workload runs. Real engines: writes go to the primary (or every member, for engines
 * without one), reads are spread over the nodes. Simulated: latencies are drawn from the simulator.
 */
export type WorkloadTarget =
  | { kind: 'real'; engine: EngineName; nodes: TargetNode[]; credentials: Credentials; localDataCenter?: string; /** PostgreSQL: default `postgres`. */ database?: string }
  | { kind: 'simulated'; engine: EngineName; nodes: SimulatedTargetNode[]; seed: number; timeScale: number };

export function targetVersions(target: WorkloadTarget): Array<{ node: string; role: NodeRole; version: string }> {
  return target.nodes.map((n) => ({ node: n.name, role: n.role, version: n.version }));
}

/** The node that takes writes: the primary where there is one, else any member. */
export function writerOf<T extends { role: NodeRole }>(nodes: readonly T[]): T {
  const writer = nodes.find((n) => n.role === 'primary') ?? nodes.find((n) => n.role === 'member') ?? nodes[0];
  if (!writer) throw new Error('a workload needs at least one node to run against');
  return writer;
}

/** Worker `i` reads from node `i mod n`, so reads spread evenly over primary and replicas. */
export const readerFor = <T>(nodes: readonly T[], worker: number): T => nodes[worker % nodes.length]!;

/**
 * Each worker's write and read connection: writes to the writer node, reads spread by readerFor.
 * `connect` may return the same connection for the same worker and node (drivers cache by both).
 */
export function workerConnections<C, N extends { role: NodeRole }>(nodes: readonly N[], workers: number, connect: (worker: number, node: N) => C): { writers: C[]; readers: C[] } {
  const writer = writerOf(nodes);
  return {
    writers: Array.from({ length: workers }, (_, i) => connect(i, writer)),
    readers: Array.from({ length: workers }, (_, i) => connect(i, readerFor(nodes, i))),
  };
}
