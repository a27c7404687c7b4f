import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../services/core/random';
import { calibratedPairedLogShift } from '../../services/upgrades/slice-statistics';
import { studentTQuantile } from '../../services/upgrades/student-t';
import { judgeUpgrade, type WorkloadEvidence } from '../../services/upgrades/upgrade-gate';
import type { SliceSummary } from '../../services/workload/slices';
import { ROOMY_SLA, sliceRun } from '../helpers/gate-slices';
import { SimulatedDriver } from '../../services/workload/simulated-driver';

const SLICES = 40;

/**
 * Rounds of a pair measured together: in each, the canary's slices sit `offset` (a ratio, one per
 * round) from the baseline's, with a small jitter of their own (σ `jitter`, log scale).
 */
function roundsOf(seed: number, offsets: readonly number[], jitter = 0.01) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const baseline: SliceSummary[] = [];
  const canary: SliceSummary[] = [];
  const rounds: number[] = [];
  offsets.forEach((offset, round) => {
    for (let i = 0; i < SLICES; i += 1) {
      const host = 2 * Math.exp(0.2 * normal());
      baseline.push({ index: i, count: 500, p99Ms: host, meanMs: host / 4 });
      const own = host * offset * Math.exp(jitter * normal());
      canary.push({ index: i, count: 500, p99Ms: own, meanMs: own / 4 });
      rounds.push(round);
    }
  });
  return { baseline, canary, rounds };
}

const values = (slices: readonly SliceSummary[]) => slices.map((s) => s.p99Ms);

/** One workload's calibrated paired evidence: calibration rounds at `before` offsets, rounds after the change at `after`. */
function evidenceOf(seed: number, before: readonly number[], after: readonly number[], withRounds: boolean): WorkloadEvidence {
  const calibration = roundsOf(seed, before);
  const measured = roundsOf(seed + 1, after);
  return {
    workload: 'reads',
    before: sliceRun(measured.baseline),
    after: sliceRun(measured.canary),
    paired: true,
    calibration: {
      before: calibration.baseline,
      after: calibration.canary,
      ...(withRounds ? { rounds: calibration.rounds } : {}),
    },
    ...(withRounds ? { rounds: measured.rounds } : {}),
  };
}

describe("the pair's offset drifting between rounds", () => {
  it('is not a regression when the rounds before the change spread as far as the change', () => {
    // Before the change the canary sat −5%, −3% and +3% from its baseline over the three
    // calibration rounds, and +6% after it: its offset moves that much from run to run.
    const drifted = [0.95, 0.97, 1.03];
    const withoutRounds = judgeUpgrade([evidenceOf(22, drifted, [1.06], false)], ROOMY_SLA, { thresholdPercent: 5 });
    expect(withoutRounds.verdict).toBe('regression');
    const judged = judgeUpgrade([evidenceOf(22, drifted, [1.06], true)], ROOMY_SLA, { thresholdPercent: 5 });
    expect(judged.verdict).toBe('inconclusive');
    const p99 = judged.workloads[0]!.verdict.p99!;
    expect(p99.significant).toBe(false);
    // Three calibration rounds show two degrees of freedom of drift; the one round after shows none.
    expect(p99.roundDrift!.observed.df).toBe(2);
    expect(p99.roundDrift!.rounds).toEqual({ calibration: 3, after: 1 });
    // Their spread (about 4.2%), the slices' own jitter all but taken out, pooled with the known 0.7%
    // at two degrees of freedom against six.
    expect(Math.sqrt(p99.roundDrift!.observed.excess) * 100).toBeGreaterThan(3.6);
    expect(Math.sqrt(p99.roundDrift!.observed.excess) * 100).toBeLessThan(4.8);
    expect(p99.roundDrift!.percent).toBeGreaterThan(1.8);
    expect(p99.roundDrift!.percent).toBeLessThan(2.6);
    expect(judged.workloads[0]!.verdict.reasons[0]).toMatch(/over 3 runs before and 1 after\): over the 5% threshold but not significant/);
  });

  it('adds the known drift over each side’s rounds to the variance of the change', () => {
    const calibration = roundsOf(5, [1, 1, 1]);
    const measured = roundsOf(6, [1]);
    const args = [
      { before: values(calibration.baseline), after: values(calibration.canary) },
      values(measured.baseline),
      values(measured.canary),
    ] as const;
    const rounds = { calibration: calibration.rounds, after: measured.rounds };
    const plain = calibratedPairedLogShift(...args, { rounds });
    const drift = { percent: 2, df: 1e9 };
    const withDrift = calibratedPairedLogShift(...args, { rounds, drift });
    expect(withDrift.changePercent).toBeCloseTo(plain.changePercent, 9);
    // With the drift known to a great many degrees of freedom and rounds that agree, τ is the known
    // drift, and the standard error of the change is √(se² + τ² (1/3 + 1/1)).
    const se = (e: { interval: [number, number]; df: number }) =>
      (Math.log1p(e.interval[1] / 100) - Math.log1p(e.interval[0] / 100)) / 2 / studentTQuantile(0.975, e.df);
    const tau2 = Math.log1p(0.02) ** 2;
    expect(withDrift.roundDrift!.percent).toBeCloseTo(2, 2);
    expect(se(withDrift)).toBeCloseTo(Math.sqrt(se(plain) ** 2 + tau2 * (1 / 3 + 1)), 5);
  });

  it('still rolls back a +10% regression when the known drift is the size real pairs show', () => {
    for (const seed of [1, 2, 3]) {
      const judged = judgeUpgrade([evidenceOf(seed * 10, [1, 1.01, 0.99], [1.1], true)], ROOMY_SLA, { thresholdPercent: 5 });
      expect(judged.verdict).toBe('regression');
    }
  });

  it('passes an unchanged upgrade whose rounds agree', () => {
    const judged = judgeUpgrade([evidenceOf(40, [1, 1.005, 0.995], [1.003], true)], ROOMY_SLA, { thresholdPercent: 5 });
    expect(judged.verdict).toBe('pass');
  });
});

describe("the simulator's drift of a run's own level", () => {
  const node = { name: 'a', role: 'replica' as const, version: 'v', state: 'running' as const, p99LatencyMs: 4 };
  const medianOf = (driver: SimulatedDriver) => {
    const random = seededRandom(9);
    const xs = Array.from({ length: 4001 }, () => driver.latency(0, 'read', random) as number).sort((a, b) => a - b);
    return xs[2000]!;
  };

  it('gives each run its own level from its own seed, the same for the same seed', () => {
    const run = (seed: number) => medianOf(new SimulatedDriver([node], 1, 0, undefined, { sigma: 0.05, seed }));
    const still = medianOf(new SimulatedDriver([node], 1, 0, undefined));
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
    // Each run's level is its whole run's: every latency of it scaled alike.
    const levels = [1, 2, 3, 4, 5, 6].map((seed) => run(seed) / still);
    expect(Math.max(...levels) / Math.min(...levels)).toBeGreaterThan(1.02);
    expect(Math.max(...levels) / Math.min(...levels)).toBeLessThan(1.5);
  });
});
