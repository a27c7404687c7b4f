import { describe, expect, it } from 'vitest';
import { judgeUpgrade } from '../../services/upgrades/upgrade-gate';
import { causesOf, countCauses, surpriseOf } from '../../benchmarks/gate/surprise';
import { pairedSlices, ROOMY_SLA, sliceRun } from '../helpers/gate-slices';

/** An upgrade's one workload, read at the canary beside the baseline; `calls` a slice: few make each slice's p99 noisy. */
const judged = (factor: number, calls = 500, seed = 1) => {
  const sides = pairedSlices(seed, 20, factor, 0.1, calls);
  return judgeUpgrade([{ workload: 'reads', before: sliceRun(sides.before), after: sliceRun(sides.after), paired: true }], ROOMY_SLA, {
    thresholdPercent: 5,
  });
};

describe("what the gate benchmark keeps of an upgrade's looks", () => {
  it('names the workload and the test that held a look back, and nothing for a pass', () => {
    expect(judged(1).verdict).toBe('pass');
    expect(causesOf(judged(1))).toEqual([]);
    expect(causesOf(judged(1.3))).toContain('reads: p99 slower');
    const noisy = judged(1, 10);
    expect(noisy.verdict).toBe('inconclusive');
    expect(causesOf(noisy).some((c) => /^reads: (p99|mean) /.test(c))).toBe(true);
  });

  it('counts causes over trials, the commonest first', () => {
    expect(Object.entries(countCauses([['a: p99 too noisy'], ['b: mean slower', 'a: p99 too noisy'], []]))).toEqual([
      ['a: p99 too noisy', 2],
      ['b: mean slower', 1],
    ]);
  });

  it('keeps an upgrade that ended other than it deserved, with its first and last looks and slices, and nothing else', () => {
    const [first, last] = [judged(1, 10), judged(1.3)];
    const looks = [
      { look: 1, judgement: first },
      { look: 2, judgement: last },
    ];
    expect(surpriseOf(7, 'regression', looks, 1)).toBeNull();
    const surprise = surpriseOf(7, 'pass', looks, 1, { reads: { canary: [1.2, 1.3], baseline: [1.1, 1.2] } })!;
    expect(surprise).toMatchObject({ trial: 7, expected: 'pass', firstLook: 'inconclusive', final: 'regression', reruns: 1 });
    expect(surprise.looks.map((l) => l.look)).toEqual([1, 2]);
    const workload = surprise.looks[1]!.workloads[0]!;
    expect(workload.slicesP99Ms.after).toHaveLength(20);
    expect(workload.p99!.changePercent).toBeGreaterThan(5);
    expect(surprise.calibration!.reads!.canary).toEqual([1.2, 1.3]);
    expect(surprise.loadAverage).toBeGreaterThanOrEqual(0);
  });
});
