import { describe, expect, it } from 'vitest';
import { pairedLogShift } from '../../services/upgrades/slice-statistics';
import { studentTCdf, studentTQuantile } from '../../services/upgrades/student-t';
import { judgeUpgrade } from '../../services/upgrades/upgrade-gate';
import type { SliceSummary } from '../../services/workload/slices';
import { pairedSlices, ROOMY_SLA, sliceRun } from '../helpers/gate-slices';

describe('the paired t on per-slice log ratios', () => {
  it('is a one-sample t on log(after_i / before_i) with n − 1 degrees of freedom, as a percent change', () => {
    const before = [10, 14, 9, 20, 12, 11];
    const after = [11, 15.5, 9.8, 22.4, 13, 12.3];
    const shift = pairedLogShift(before, after, 0.95);
    const ratios = after.map((a, i) => Math.log(a / before[i]!));
    const m = ratios.reduce((s, v) => s + v, 0) / ratios.length;
    const se = Math.sqrt(ratios.reduce((s, v) => s + (v - m) ** 2, 0) / (ratios.length - 1) / ratios.length);
    expect(shift.design).toBe('paired');
    expect(shift.df).toBe(5);
    expect(shift.changePercent).toBeCloseTo((Math.exp(m) - 1) * 100, 9);
    expect(shift.pWorse).toBeCloseTo(1 - studentTCdf(m / se, 5), 9);
    const half = studentTQuantile(0.975, 5) * se;
    expect(shift.interval[0]).toBeCloseTo((Math.exp(m - half) - 1) * 100, 9);
    expect(shift.interval[1]).toBeCloseTo((Math.exp(m + half) - 1) * 100, 9);
    expect(shift.slices).toEqual({ before: 6, after: 6 });
  });

  it('cancels what both sides share: slices far apart but a steady ratio give a tight interval', () => {
    const before = [1, 5, 2, 9, 3, 7];
    const steady = pairedLogShift(
      before,
      before.map((v, i) => v * (1.1 + (i % 2 ? 0.005 : -0.005))),
    );
    expect(steady.changePercent).toBeCloseTo(10, 0);
    expect(steady.interval[1] - steady.interval[0]).toBeLessThan(2);
    expect(steady.pWorse).toBeLessThan(1e-6);
  });

  it('gives an exact answer when every ratio is the same', () => {
    const same = pairedLogShift([1, 2, 3], [1, 2, 3]);
    expect(same.changePercent).toBe(0);
    expect(same.pWorse).toBe(0.5);
  });

  it('refuses sides of different lengths, fewer than three pairs, and values that are not positive', () => {
    expect(() => pairedLogShift([1, 2, 3], [1, 2])).toThrow(RangeError);
    expect(() => pairedLogShift([1, 2], [1, 2])).toThrow(RangeError);
    expect(() => pairedLogShift([1, 2, 0], [1, 2, 3])).toThrow(RangeError);
  });
});

const judgeBoth = (sides: { before: SliceSummary[]; after: SliceSummary[] }, paired: boolean) =>
  judgeUpgrade([{ workload: 'w', before: sliceRun(sides.before), after: sliceRun(sides.after), paired }], ROOMY_SLA, {
    thresholdPercent: 5,
  });

describe('the gate in paired mode', () => {
  it('catches +10% under host noise that leaves the unpaired test unable to tell, and says the slices were paired', () => {
    const sides = pairedSlices(1, 20, 1.1, 0.3);
    expect(judgeBoth(sides, false).verdict).toBe('inconclusive');
    const paired = judgeBoth(sides, true);
    expect(paired.verdict).toBe('regression');
    expect(paired.workloads[0]!.verdict.mean!.design).toBe('paired');
    expect(paired.workloads[0]!.verdict.reasons.join(' ')).toMatch(
      /20 paired slices of a baseline and the changed node measured together\): over the 5% threshold and significant/,
    );
  });

  it('passes a change of nothing under the same host noise', () => {
    for (const seed of [2, 3, 4]) expect(judgeBoth(pairedSlices(seed, 20, 1, 0.3), true).verdict).toBe('pass');
  });

  it("leaves out a pair with an empty slice on either side, and falls back to each side's own spread when the slices do not line up", () => {
    const sides = pairedSlices(5, 20, 1, 0.3);
    sides.after[3] = { count: 0, p99Ms: 0, meanMs: 0 };
    const judged = judgeBoth(sides, true).workloads[0]!.verdict;
    expect(judged.p99!.design).toBe('paired');
    expect(judged.p99!.slices).toEqual({ before: 19, after: 19 });
    const uneven = judgeBoth({ before: sides.before, after: sides.after.slice(1) }, true).workloads[0]!.verdict;
    expect(uneven.p99!.design).toBe('independent');
  });

  it('answers inconclusive with fewer than three pairs', () => {
    const sides = pairedSlices(6, 2, 1, 0.1);
    expect(judgeBoth(sides, true).verdict).toBe('inconclusive');
  });
});
