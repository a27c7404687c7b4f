import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../services/core/random';
import { holm, logShift } from '../../services/upgrades/slice-statistics';
import { incompleteBeta, studentTCdf, studentTQuantile } from '../../services/upgrades/student-t';
import { judgeUpgrade, type WorkloadRun } from '../../services/upgrades/upgrade-gate';
import type { SliceSummary } from '../../services/workload/slices';

describe("Student's t and the incomplete beta", () => {
  it('match reference values (R: pt, qt, pbeta)', () => {
    expect(incompleteBeta(0.3, 2, 5)).toBeCloseTo(0.579825, 5); // pbeta(0.3, 2, 5)
    expect(studentTCdf(2, 5)).toBeCloseTo(0.9490303, 6); // pt(2, 5)
    expect(studentTCdf(-1.5, 12.4)).toBeCloseTo(0.07943, 3); // pt(-1.5, 12.4)
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 5); // qt(0.975, 10)
    expect(studentTQuantile(0.05, 3)).toBeCloseTo(-2.353363, 5); // qt(0.05, 3)
  });
});

describe("Welch's interval of a change across slices", () => {
  it("is Welch's t on the logarithms of the slice values, as a percent change", () => {
    const before = [10, 11, 9, 10.5, 9.5];
    const after = [12, 13, 11, 12.5, 11.5];
    const shift = logShift(before, after, 0.95);
    const diff = (a: number[]) => a.map(Math.log).reduce((s, v) => s + v, 0) / a.length;
    expect(shift.changePercent).toBeCloseTo((Math.exp(diff(after) - diff(before)) - 1) * 100, 6);
    const variance = (a: number[]) => {
      const logs = a.map(Math.log);
      const m = diff(a);
      return logs.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1) / a.length;
    };
    const se = Math.sqrt(variance(before) + variance(after));
    const df = (variance(before) + variance(after)) ** 2 / (variance(before) ** 2 / 4 + variance(after) ** 2 / 4);
    expect(shift.df).toBeCloseTo(df, 6);
    const t = (diff(after) - diff(before)) / se;
    expect(shift.pWorse).toBeCloseTo(1 - studentTCdf(t, df), 9);
    expect(shift.pWorse).toBeLessThan(0.01);
    const half = studentTQuantile(0.975, df) * se;
    expect(shift.interval[0]).toBeCloseTo((Math.exp(diff(after) - diff(before) - half) - 1) * 100, 6);
    expect(shift.interval[1]).toBeCloseTo((Math.exp(diff(after) - diff(before) + half) - 1) * 100, 6);
  });

  it('refuses fewer than three slices a side, and values that are not positive', () => {
    expect(() => logShift([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => logShift([1, 2, 0], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('Holm', () => {
  it('steps down: alpha/m for the smallest p, alpha/(m−1) for the next, stopping at the first that fails', () => {
    const { rejected, adjusted } = holm([0.01, 0.04, 0.03, 0.005], 0.05);
    // sorted: 0.005 (≤ .0125), 0.01 (≤ .0167), 0.03 (> .025) stops
    expect(rejected).toEqual([true, false, false, true]);
    expect(adjusted).toEqual([0.03, 0.06, 0.06, 0.02]);
  });
});

/** Slices of a run: log-normal latency of `level` per slice, with drift between slices and sampled p99s. */
function slices(seed: number, count: number, level: number, drift = 0.05, calls = 2000): SliceSummary[] {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => {
    const median = level * Math.exp(drift * normal());
    const xs = Array.from({ length: calls }, () => median * Math.exp(0.5 * normal())).sort((a, b) => a - b);
    return { count: calls, p99Ms: xs[Math.floor(0.99 * calls)]!, meanMs: xs.reduce((s, v) => s + v, 0) / calls };
  });
}
const run = (s: SliceSummary[], p99Ms = Math.max(...s.map((x) => x.p99Ms))): WorkloadRun => ({
  p99Ms,
  meanMs: 1,
  slices: s,
  byOperation: { read: { count: 1, p99: p99Ms }, write: { count: 0, p99: 0 } },
});
const sla = { p99ReadMs: 1000, p99WriteMs: 1000, availability: 99.9 };

describe('the slice gate', () => {
  it('passes an upgrade that changes nothing, with every reason in words', () => {
    const judgement = judgeUpgrade(
      ['a', 'b', 'c'].map((w, i) => ({ workload: w, before: run(slices(10 + i, 20, 1)), after: run(slices(20 + i, 20, 1)) })),
      sla,
    );
    expect(judgement.verdict).toBe('pass');
    const [first] = judgement.workloads;
    expect(first!.verdict.reasons[0]).toMatch(
      /^p99 [+−][\d.]+% \(95% interval [+−][\d.]+% to [+−][\d.]+%, 20 slices before, 20 after\): within the 10% threshold$/,
    );
    expect(first!.verdict.slices.before).toHaveLength(20);
    expect(judgement.reasons[0]).toMatch(/^no workload slower by more than 10%/);
  });

  it('rolls back a slowdown over the threshold that the slices show clearly, naming the workload', () => {
    const judgement = judgeUpgrade(
      [
        { workload: 'steady', before: run(slices(1, 20, 1)), after: run(slices(2, 20, 1)) },
        { workload: 'slower', before: run(slices(3, 20, 1)), after: run(slices(4, 20, 1.25)) },
      ],
      sla,
    );
    expect(judgement.verdict).toBe('regression');
    const slower = judgement.workloads[1]!.verdict;
    expect(slower.verdict).toBe('regression');
    expect(slower.p99!.significant && slower.p99!.beyondThreshold).toBe(true);
    expect(slower.p99!.interval[0]).toBeGreaterThan(10);
    expect(slower.reasons.join(' ')).toMatch(/over the 10% threshold and significant \(Holm-adjusted p/);
    expect(judgement.workloads[0]!.verdict.verdict).toBe('pass');
    expect(judgement.reasons[0]).toMatch(/^regression in slower:/);
  });

  it('does not roll back a significant change that is under the threshold', () => {
    const judgement = judgeUpgrade([{ workload: 'w', before: run(slices(5, 40, 1, 0.01)), after: run(slices(6, 40, 1.04, 0.01)) }], sla);
    expect(judgement.workloads[0]!.verdict.mean!.significant).toBe(true);
    expect(judgement.verdict).toBe('pass');
  });

  it('answers inconclusive, not regression, when the slices vary too much for the threshold', () => {
    const judgement = judgeUpgrade([{ workload: 'w', before: run(slices(7, 6, 1, 0.3)), after: run(slices(8, 6, 1.15, 0.3)) }], sla);
    expect(judgement.verdict).toBe('inconclusive');
    expect(judgement.workloads[0]!.verdict.p99!.tooNoisy).toBe(true);
    expect(judgement.workloads[0]!.verdict.reasons.join(' ')).toMatch(/too noisy to tell/);
    expect(judgement.reasons[0]).toMatch(/rerun rather than roll back/);
  });

  it('answers inconclusive, not pass, when a paired change is estimated over the threshold but not shown significant', () => {
    // 20 paired slices, after ÷ before = 1.12 × e^(±0.2): +12% estimated, interval about ±10%, t about 2.5.
    const before: SliceSummary[] = Array.from({ length: 20 }, (_, i) => ({ index: i, count: 1000, p99Ms: 4, meanMs: 1 }));
    const after = before.map((s, i) => {
      const ratio = 1.12 * Math.exp(i % 2 ? 0.2 : -0.2);
      return { ...s, p99Ms: s.p99Ms * ratio, meanMs: s.meanMs * ratio };
    });
    const judgement = judgeUpgrade([{ workload: 'w', before: run(before), after: run(after, 4), paired: true }], sla);
    const p99 = judgement.workloads[0]!.verdict.p99!;
    expect(p99.beyondThreshold).toBe(true);
    expect(p99.significant).toBe(false);
    expect(p99.tooNoisy).toBe(false);
    expect(judgement.verdict).toBe('inconclusive');
    expect(judgement.workloads[0]!.verdict.reasons.join(' ')).toMatch(/over the 10% threshold but not significant/);
    // Measured one after the other, a rerun would remeasure the after side only: the same evidence passes.
    const sequential = judgeUpgrade([{ workload: 'w', before: run(before), after: run(after, 4) }], sla);
    expect(sequential.workloads[0]!.verdict.p99!.beyondThreshold && !sequential.workloads[0]!.verdict.p99!.significant).toBe(true);
    expect(sequential.verdict).toBe('pass');
  });

  it('answers inconclusive with too few slices to measure a spread', () => {
    const judgement = judgeUpgrade([{ workload: 'w', before: run(slices(9, 2, 1)), after: run(slices(10, 20, 1)) }], sla);
    expect(judgement.verdict).toBe('inconclusive');
    expect(judgement.workloads[0]!.verdict.reasons[0]).toMatch(/too few slices .*2 before, 20 after/);
  });

  it('holds the SLA as a hard limit whatever the statistics say', () => {
    const judgement = judgeUpgrade([{ workload: 'w', before: run(slices(11, 20, 1)), after: run(slices(12, 20, 1), 5000) }], sla);
    expect(judgement.verdict).toBe('regression');
    expect(judgement.workloads[0]!.verdict.slaBreached).toBe(true);
  });

  it('corrects for the number of workloads and metrics tested: more tests, a higher bar for each', () => {
    const one = judgeUpgrade([{ workload: 'w', before: run(slices(13, 20, 1)), after: run(slices(14, 20, 1.08)) }], sla);
    const many = judgeUpgrade(
      [0, 1, 2, 3, 4].map((i) => ({
        workload: `w${i}`,
        before: run(slices(13, 20, 1)),
        after: run(slices(i === 0 ? 14 : 30 + i, 20, i === 0 ? 1.08 : 1)),
      })),
      sla,
    );
    expect(many.workloads[0]!.verdict.p99!.pAdjusted).toBeGreaterThan(one.workloads[0]!.verdict.p99!.pAdjusted);
  });

  it('refuses a negative threshold or an alpha outside (0, 1)', () => {
    const evidence = [{ workload: 'w', before: run(slices(1, 5, 1)), after: run(slices(2, 5, 1)) }];
    expect(() => judgeUpgrade(evidence, sla, { thresholdPercent: -1 })).toThrow(/thresholdPercent/);
    expect(() => judgeUpgrade(evidence, sla, { alpha: 1 })).toThrow(/alpha/);
  });
});
