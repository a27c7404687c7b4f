import { seededRandom } from '../../services/core/random';
import type { WorkloadRun } from '../../services/upgrades/upgrade-gate';
import type { SliceSummary } from '../../services/workload/slices';

/**
 * A baseline and a changed node measured together over `count` slices: each slice's host level
 * (`hostDrift`, shared by both sides) moves both, each side draws its own `calls` log-normal
 * latencies, and the changed side is `factor` times slower.
 */
export function pairedSlices(seed: number, count: number, factor: number, hostDrift: number, calls = 500) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const slice = (median: number): SliceSummary => {
    const xs = Array.from({ length: calls }, () => median * Math.exp(0.5 * normal())).sort((a, b) => a - b);
    return { count: calls, p99Ms: xs[Math.floor(0.99 * calls)]!, meanMs: xs.reduce((s, v) => s + v, 0) / calls };
  };
  const levels = Array.from({ length: count }, () => Math.exp(hostDrift * normal()));
  return { before: levels.map((l) => slice(l)), after: levels.map((l) => slice(l * factor)) };
}

/** A workload's run as the gate reads it: the slices are what count. */
export const sliceRun = (slices: SliceSummary[]): WorkloadRun => ({
  p99Ms: 1,
  meanMs: 1,
  slices,
  byOperation: { read: { count: 1, p99: 1 }, write: { count: 0, p99: 0 } },
});

/** An SLA no test run comes near. */
export const ROOMY_SLA = { p99ReadMs: 1000, p99WriteMs: 1000, availability: 99.9 };
