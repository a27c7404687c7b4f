import type { Random } from './random';

export type OperationKind = 'read' | 'write';

/**
 * A driver speaks to one engine with its real client. Each of the run's concurrent workers passes
 * its index, so a driver can give every worker its own connection, as redis-benchmark and pgbench
 * give each client one. Operations reject on failure; the runner counts that as an error.
 */
export interface RealDriver {
  readonly kind: 'real';
  /** Connects `workers` connections and creates what the workload needs (tables, keyspaces, indexes) if absent. */
  open(workers: number): Promise<void>;
  read(worker: number, key: number): Promise<unknown>;
  write(worker: number, key: number, value: string): Promise<unknown>;
  /** The telling cause of a failed operation (a refused login, say, behind a closed connection). */
  explain?(worker: number, error: unknown): unknown;
  /** Writes every key once, so reads find data. */
  prefill?(keySpace: number, value: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A driver of simulated nodes: nothing is contacted, each operation's latency is drawn from the
 * simulator's model of the node, and the run advances a virtual clock (deterministic for a seed).
 */
export interface VirtualDriver {
  readonly kind: 'virtual';
  /** Simulated seconds per real second: the run takes its duration divided by this in wall time. */
  readonly timeScale: number;
  /** The latency of one operation in ms, or an error message when the node serves nothing. */
  latency(worker: number, op: OperationKind, random: Random): number | { error: string };
}

export type WorkloadDriver = RealDriver | VirtualDriver;

export const keyName = (key: number): string => `datafleet:bench:${key}`;
