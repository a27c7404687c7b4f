import type { Random } from '../core/random';

export type OperationKind = 'read' | 'write';

export type { RealDriver } from '../core/engine-port';

/**
 * A driver of simulated nodes: nothing is contacted, each operation's latency is drawn from the
 * simulator's model of the node, and the run advances a virtual clock (deterministic for a seed).
 */
export interface VirtualDriver {
  readonly kind: 'virtual';
  /** Simulated seconds per real second: the run takes its duration divided by this in wall time. */
  readonly timeScale: number;
  /**
   * The latency of one operation in ms, or an error message when the node serves nothing. `atMs`:
   * when the operation starts, in virtual ms from the measured window's start (negative in warm-up),
   * so a model may drift over time.
   */
  latency(worker: number, op: OperationKind, random: Random, atMs: number): number | { error: string };
}

import type { RealDriver } from '../core/engine-port';

export type WorkloadDriver = RealDriver | VirtualDriver;

export { keyName } from '../engines/workload-keys';
