import { describe, expect, it } from 'vitest';
import { linePairedRounds } from '../../services/upgrades/paired-slices';
import { judgeUpgrade } from '../../services/upgrades/upgrade-gate';
import type { SliceSummary } from '../../services/workload/slices';

const slice = (index: number | undefined, p99Ms: number, meanMs = p99Ms / 4): SliceSummary => ({
  ...(index === undefined ? {} : { index }),
  count: 1000,
  p99Ms,
  meanMs,
});
const NO_SLA = { p99ReadMs: 1e9, p99WriteMs: 1e9, availability: 99.9 };
const NO_OPS = { read: { count: 0, p99: 0 }, write: { count: 0, p99: 0 } };

describe('lining up the slices of paired runs', () => {
  it('keeps only the places in the window both runs have, in window order, one round after another', () => {
    const lined = linePairedRounds([
      { baseline: [slice(0, 1), slice(1, 2), slice(3, 4)], changed: [slice(0, 10), slice(2, 30), slice(3, 40)] },
      { baseline: [slice(1, 5), slice(0, 6)], changed: [slice(0, 60), slice(1, 50)] },
    ]);
    expect(lined.before.map((s) => [s.index, s.p99Ms])).toEqual([
      [0, 1],
      [3, 4],
      [0, 6],
      [1, 5],
    ]);
    expect(lined.after.map((s) => [s.index, s.p99Ms])).toEqual([
      [0, 10],
      [3, 40],
      [0, 60],
      [1, 50],
    ]);
  });

  it('lines up slices recorded without an index by their place in the list', () => {
    const lined = linePairedRounds([{ baseline: [slice(undefined, 1), slice(undefined, 2)], changed: [slice(undefined, 3)] }]);
    expect(lined.before.map((s) => s.p99Ms)).toEqual([1]);
    expect(lined.after.map((s) => s.p99Ms)).toEqual([3]);
  });

  it('lets the gate cancel a host slowdown both sides met when a slice is missing on one side', () => {
    // The host level swings 1×–3× from slice to slice; the changed node is a steady 20% slower.
    const levels = [1, 3, 1.2, 2.5, 1, 2.8, 1.1, 2.2, 1.4, 3, 1, 2.6];
    const baseline = levels.map((level, i) => slice(i, 4 * level));
    // The changed run had no call in slice 5: without lining up, every later pair would be off by one.
    const changed = levels.flatMap((level, i) => (i === 5 ? [] : [slice(i, 4 * level * 1.2)]));
    const lined = linePairedRounds([{ baseline, changed }]);
    const run = (slices: SliceSummary[]) => ({ p99Ms: 0, meanMs: 0, slices, byOperation: NO_OPS });
    const verdict = judgeUpgrade([{ workload: 'w', before: run(lined.before), after: run(lined.after), paired: true }], NO_SLA, {
      thresholdPercent: 10,
    });
    expect(verdict.verdict).toBe('regression');
    expect(verdict.workloads[0]!.verdict.p99!.design).toBe('paired');
    expect(verdict.workloads[0]!.verdict.p99!.changePercent).toBeCloseTo(20, 6);
  });
});
