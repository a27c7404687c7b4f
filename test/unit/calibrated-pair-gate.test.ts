import { describe, expect, it } from 'vitest';
import { calibratedPairedLogShift, logShift } from '../../services/upgrades/slice-statistics';
import { judgeUpgrade } from '../../services/upgrades/upgrade-gate';
import type { SliceSummary } from '../../services/workload/slices';
import { pairedSlices, ROOMY_SLA, sliceRun } from '../helpers/gate-slices';

/**
 * Two nodes measured together over `count` slices: the canary node is `own` times slower than the
 * baseline on its own (its hardware, its neighbours) and `change` times slower again for the version it runs.
 */
const nodePair = (seed: number, count: number, own: number, change: number) => pairedSlices(seed, count, own * change, 0.2, 400);

function judge(own: number, change: number, seed: number, calibrated: boolean) {
  const calibration = nodePair(seed, 20, own, 1);
  const measured = nodePair(seed + 1000, 20, own, change);
  return judgeUpgrade(
    [
      {
        workload: 'reads',
        before: sliceRun(measured.before),
        after: sliceRun(measured.after),
        paired: true,
        ...(calibrated ? { calibration } : {}),
      },
    ],
    ROOMY_SLA,
  );
}

describe('paired evidence on two nodes that differ on their own', () => {
  it("is Yuen's trimmed test on the log ratios of the pair after the change against the same ratios before it", () => {
    const calibration = { before: [10, 12, 9, 11, 10, 13, 9, 10, 11, 12], after: [20, 25, 17, 23, 21, 60, 18, 19, 22, 24] };
    const before = [10, 14, 9, 20, 11, 10, 12, 9, 10, 13];
    // One slice in which the canary alone stalled (2 ms against the baseline's 9): a tenfold ratio.
    const after = [26, 35, 22, 52, 27, 25, 31, 2, 26, 33];
    const shift = calibratedPairedLogShift(calibration, before, after);
    // scipy.stats.ttest_ind(after_ratios, calibration_ratios, trim=0.2, equal_var=False) on the log ratios.
    expect(shift.design).toBe('paired');
    expect(shift.trimmed).toBe(0.2);
    expect(shift.changePercent).toBeCloseTo(24.65994, 4);
    expect(shift.df).toBeCloseTo(9.876613, 5);
    expect(shift.pWorse).toBeCloseTo(1.75552e-7, 11);
    expect(shift.interval[0]).toBeCloseTo(19.61717, 4);
    expect(shift.interval[1]).toBeCloseTo(29.91531, 4);
    // Over every slice the stalled one pulls the change below zero.
    expect(shift.untrimmedChangePercent).toBeCloseTo(-8.84324, 4);
    expect(shift.slices).toEqual({ before: 10, after: 10 });
    expect(shift.calibrationPairs).toBe(10);
    expect(() => calibratedPairedLogShift({ before: [1, 2, 3], after: [1, 2] }, before, after)).toThrow(RangeError);
  });

  it("with nothing trimmed is Welch's t on the log ratios", () => {
    const calibration = { before: [10, 12, 9, 11], after: [20, 25, 17, 23] };
    const [before, after] = [
      [10, 14, 9, 20],
      [26, 35, 22, 52],
    ];
    const shift = calibratedPairedLogShift(calibration, before, after, { level: 0.95, trim: 0 });
    const ratios = (b: number[], a: number[]) => a.map((v, i) => v / b[i]!);
    const welch = logShift(ratios(calibration.before, calibration.after), ratios(before, after));
    expect(shift.changePercent).toBeCloseTo(welch.changePercent, 9);
    expect(shift.interval[0]).toBeCloseTo(welch.interval[0], 9);
    expect(shift.interval[1]).toBeCloseTo(welch.interval[1], 9);
    expect(shift.df).toBeCloseTo(welch.df, 9);
    expect(shift.untrimmedChangePercent).toBeCloseTo(shift.changePercent, 9);
  });

  it('does not call a slower node a regression, nor pass a regression on a faster node', () => {
    for (const seed of [1, 2, 3]) {
      // The canary node is twice as slow on its own and the version changes nothing.
      expect(judge(2, 1, seed, false).verdict).toBe('regression');
      expect(judge(2, 1, seed, true).verdict).toBe('pass');
      // The canary node is 30% faster on its own and the version is 30% slower.
      expect(judge(0.7, 1.3, seed, false).verdict).toBe('pass');
      const caught = judge(0.7, 1.3, seed, true);
      expect(caught.verdict).toBe('regression');
      expect(caught.workloads[0]!.verdict.reasons.join(' ')).toMatch(
        /20 paired slices .*, against 20 of the same two before the change; means of the middle 60% of each; the pair's offset moving ±[\d.]+% from run to run, over 1 run before and 1 after\)/,
      );
    }
  });

  it('does not pass a change that stalls a few slices, which the trimmed mean leaves out', () => {
    for (const seed of [1, 2, 3]) {
      const calibration = nodePair(seed, 40, 1, 1);
      const measured = nodePair(seed + 1000, 40, 1, 1);
      // The new version stalls in one slice of eight: that slice's p99 five times the usual.
      const stalled = measured.after.map((s, i) => (i % 8 === 3 ? { ...s, p99Ms: s.p99Ms * 5 } : s));
      const judged = (after: SliceSummary[]) =>
        judgeUpgrade(
          [{ workload: 'reads', before: sliceRun(measured.before), after: sliceRun(after), paired: true, calibration }],
          ROOMY_SLA,
          {
            thresholdPercent: 5,
          },
        );
      expect(judged(measured.after).verdict).toBe('pass');
      const held = judged(stalled);
      const p99 = held.workloads[0]!.verdict.p99!;
      expect(p99.beyondThreshold).toBe(false);
      expect(p99.slowerInFewSlices).toBe(true);
      expect(p99.untrimmedChangePercent).toBeGreaterThan(15);
      expect(held.verdict).toBe('inconclusive');
      expect(held.workloads[0]!.verdict.reasons.join(' ')).toMatch(
        /over every slice, none cut, \+\d+\.\d%, over the 5% threshold: a few slices much slower/,
      );
    }
  });
});
