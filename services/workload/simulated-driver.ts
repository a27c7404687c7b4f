import type { OperationKind, VirtualDriver } from './driver';
import type { Random } from '../core/random';
import { readerFor, writerOf, type SimulatedTargetNode } from './target';

/** Spread of the latency model: log-normal with σ = 0.5, so p99 ≈ 3.2 × median. */
const SIGMA = 0.5;
const Z99 = 2.326;
/** Writes are a little slower than reads (commit, replication). */
const WRITE_FACTOR = 1.25;

/** A standard normal draw (Box–Muller) from the run's seeded source. */
function normal(random: Random): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Latencies of simulated nodes: log-normal around the median implied by the simulator's p99 for
 * the node, which depends on the node's version (versionLatencyFactor), load and failures. So an
 * upgrade's before-and-after runs differ the way the simulated versions do. A node that is not
 * running refuses every operation.
 */
export class SimulatedDriver implements VirtualDriver {
  readonly kind = 'virtual' as const;

  constructor(
    private readonly nodes: SimulatedTargetNode[],
    readonly timeScale: number,
  ) {
    if (nodes.length === 0) throw new Error('a workload needs at least one node to run against');
  }

  latency(worker: number, op: OperationKind, random: Random): number | { error: string } {
    const node = op === 'write' ? writerOf(this.nodes) : readerFor(this.nodes, worker);
    if (node.state !== 'running' || !(node.p99LatencyMs > 0)) return { error: `simulated node ${node.name} is ${node.state}` };
    const median = node.p99LatencyMs / Math.exp(Z99 * SIGMA);
    return median * Math.exp(SIGMA * normal(random)) * (op === 'write' ? WRITE_FACTOR : 1);
  }
}
