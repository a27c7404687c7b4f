import type { NodeRole } from '../core/types';

/*
 * What every engine's workload driver shares, so every engine's benchmark data looks alike and
 * every driver spreads its connections the same way. The workload runner re-exports these.
 */

export const keyName = (key: number): string => `datafleet:bench:${key}`;

/** The node that takes writes: the primary where there is one, else any member. */
export function writerOf<T extends { role: NodeRole }>(nodes: readonly T[]): T {
  const writer = nodes.find((n) => n.role === 'primary') ?? nodes.find((n) => n.role === 'member') ?? nodes[0];
  if (!writer) throw new Error('a workload needs at least one node to run against');
  return writer;
}

/** Worker `i` reads from node `i mod n`, so reads spread evenly over primary and replicas. */
export const readerFor = <T>(nodes: readonly T[], worker: number): T => nodes[worker % nodes.length]!;

/** The nodes reads go to: the one named by `readsFrom`, else all of them. */
export function readersOf<N extends { name: string }>(nodes: readonly N[], readsFrom?: string): readonly N[] {
  if (readsFrom === undefined) return nodes;
  const node = nodes.find((n) => n.name === readsFrom);
  if (!node) throw new Error(`no node ${readsFrom} to read from among ${nodes.map((n) => n.name).join(', ')}`);
  return [node];
}

/**
 * Each worker's write and read connection: writes to the writer node, reads spread by readerFor
 * (or all sent to the node `readsFrom` names). `connect` may return the same connection for the
 * same worker and node (drivers cache by both).
 */
export function workerConnections<C, N extends { name: string; role: NodeRole }>(
  nodes: readonly N[],
  workers: number,
  connect: (worker: number, node: N) => C,
  readsFrom?: string,
): { writers: C[]; readers: C[] } {
  const writer = writerOf(nodes);
  const readers = readersOf(nodes, readsFrom);
  return {
    writers: Array.from({ length: workers }, (_, i) => connect(i, writer)),
    readers: Array.from({ length: workers }, (_, i) => connect(i, readerFor(readers, i))),
  };
}
