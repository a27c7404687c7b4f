import type { OperationKind, VirtualDriver } from './driver';
import { seededRandom, type Random } from '../core/random';
import { SLICE_MS } from './slices';
import { readerFor, readersOf, writerOf, type SimulatedTargetNode } from './target';

/** Spread of the latency model: log-normal with σ = 0.5, so p99 ≈ 3.2 × median. */
const SIGMA = 0.5;
const Z99 = 2.326;
/** Writes are a little slower than reads (commit, replication). */
const WRITE_FACTOR = 1.25;
/**
 * Real servers drift: the same server under the same load is a few percent faster or slower from one
 * stretch of time to the next (other tenants, caches, compaction, the host's scheduler), and its tail
 * grows heavier and lighter. Each DRIFT_SEGMENT_MS of virtual time gets its own level (log-normal,
 * σ = DRIFT_SIGMA) and its own tail spread (σ of the latency model times a log-normal factor with
 * σ = TAIL_SPREAD), drawn from the run's seed, so two runs of the same version differ the way two
 * real benchmark runs do. A segment is as long as a benchmark slice: a level that held across
 * several slices would be an offset the slices of one run could not see.
 */
export const DRIFT_SEGMENT_MS = SLICE_MS;
export const DRIFT_SIGMA = 0.05;
export const TAIL_SPREAD = 0.05;

interface Segment {
  level: number;
  sigma: number;
}

/** A standard normal draw (Box–Muller) from the run's seeded source. */
function normal(random: Random): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Latencies of simulated nodes: log-normal around the median implied by the simulator's p99 for
 * the node under a benchmark's load, which depends on the node's version (versionLatencyFactor) and
 * failures, and drifts per slice of time (DRIFT_SIGMA, TAIL_SPREAD). So an
 * upgrade's before-and-after runs differ the way the simulated versions do. A node that is not
 * running refuses every operation.
 */
export class SimulatedDriver implements VirtualDriver {
  readonly kind = 'virtual' as const;
  private readonly segments = new Map<number, Segment>();
  private readonly readers: readonly SimulatedTargetNode[];
  /** This run's own level (runDrift), 1 when it has none. */
  private readonly runLevel: number;

  constructor(
    private readonly nodes: SimulatedTargetNode[],
    readonly timeScale: number,
    /**
     * Seeds the drift of this run (a run's seed); 0 for none: every segment at level 1 with the
     * nominal spread. Two runs given the same drift seed meet the same slowdowns at the same
     * moments, as two nodes measured side by side on shared hosts and clients do.
     */
    private readonly driftSeed = 0,
    /** The one node every read goes to; absent: reads spread over every node. */
    readsFrom?: string,
    /** A level for the whole run, log-normal with σ `sigma`, drawn from the run's own `seed` (not the shared drift seed); σ 0: none. */
    runDrift: { sigma: number; seed: number } = { sigma: 0, seed: 0 },
  ) {
    if (nodes.length === 0) throw new Error('a workload needs at least one node to run against');
    this.readers = readersOf(nodes, readsFrom);
    this.runLevel = runDrift.sigma > 0 ? Math.exp(runDrift.sigma * normal(seededRandom((runDrift.seed ^ 0x2545f491) >>> 0))) : 1;
  }

  latency(worker: number, op: OperationKind, random: Random, atMs = 0): number | { error: string } {
    const node = op === 'write' ? writerOf(this.nodes) : readerFor(this.readers, worker);
    if (node.state !== 'running' || !(node.p99LatencyMs > 0)) return { error: `simulated node ${node.name} is ${node.state}` };
    const median = node.p99LatencyMs / Math.exp(Z99 * SIGMA);
    const { level, sigma } = this.segmentAt(atMs);
    return median * this.runLevel * level * Math.exp(sigma * normal(random)) * (op === 'write' ? WRITE_FACTOR : 1);
  }

  private segmentAt(atMs: number): Segment {
    if (this.driftSeed === 0) return { level: 1, sigma: SIGMA };
    const index = Math.floor(atMs / DRIFT_SEGMENT_MS);
    let segment = this.segments.get(index);
    if (!segment) {
      const random = seededRandom((this.driftSeed ^ Math.imul(index + 0x9e37, 0x85ebca6b)) >>> 0);
      segment = { level: Math.exp(DRIFT_SIGMA * normal(random)), sigma: SIGMA * Math.exp(TAIL_SPREAD * normal(random)) };
      this.segments.set(index, segment);
    }
    return segment;
  }
}
