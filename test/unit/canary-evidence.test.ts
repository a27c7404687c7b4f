import { describe, expect, it } from 'vitest';
import { judgeUpgrade, type UpgradeJudgement, type WorkloadRun } from '../../services/upgrades/upgrade-gate';
import { pairedSliceCountFor, type SliceSummary } from '../../services/workload/slices';
import type { WorkloadResult } from '../../services/workload/result';
import type { SimulatedTargetNode, WorkloadTarget } from '../../services/workload/target';
import {
  calibrationAttempts,
  calibrationRounds,
  FIRST_CANARY_ATTEMPT,
  readsSideBySide,
} from '../../services/operations/workflows/upgrade/paired-reads';
import { pairedEvidenceOf } from '../../services/operations/workflows/upgrade/paired-evidence';
import { canaryNextLook } from '../../services/operations/workflows/upgrade/canary-step';
import { MAX_GATE_RERUNS } from '../../services/operations/workflows/upgrade/compare-step';

const NO_SLA = { p99ReadMs: 1e9, p99WriteMs: 1e9, availability: 99.9 };
const slice = (index: number, p99Ms: number): SliceSummary => ({ index, count: 100, p99Ms, meanMs: p99Ms / 4 });
const run = (p99Ms: number, slices: SliceSummary[]): WorkloadRun => ({
  p99Ms,
  meanMs: p99Ms / 4,
  slices,
  byOperation: { read: { count: 100, p99: p99Ms }, write: { count: 0, p99: 0 } },
});
const asRun = (r: WorkloadResult): WorkloadRun => ({
  p99Ms: r.latency.p99,
  meanMs: r.latency.avg,
  slices: r.slices,
  byOperation: { read: { count: r.byOperation.read.count, p99: r.byOperation.read.p99 }, write: { count: 0, p99: 0 } },
});

describe("the canary's paired evidence", () => {
  it('lines up each round by place in the window, the calibration rounds apart, with the latest round as the whole-run figures', () => {
    const evidenceRounds = [
      { baseline: run(5, [slice(0, 5), slice(2, 6)]), canary: run(7, [slice(2, 8), slice(0, 7)]) },
      { baseline: run(9, [slice(0, 9)]), canary: run(11, [slice(0, 11), slice(1, 12)]) },
    ];
    const evidence = pairedEvidenceOf(
      'reads',
      [
        { baseline: run(1, [slice(0, 1), slice(1, 2)]), canary: run(2, [slice(1, 4), slice(0, 3)]) },
        { baseline: run(1, [slice(0, 13), slice(1, 14)]), canary: run(2, [slice(1, 16)]) },
      ],
      evidenceRounds,
    );
    expect(evidence.paired).toBe(true);
    expect(evidence.calibration?.before.map((s) => s.p99Ms)).toEqual([1, 2, 14]);
    expect(evidence.calibration?.after.map((s) => s.p99Ms)).toEqual([3, 4, 16]);
    expect(evidence.before.slices.map((s) => s.p99Ms)).toEqual([5, 6, 9]);
    expect(evidence.after.slices.map((s) => s.p99Ms)).toEqual([7, 8, 11]);
    expect([evidence.before.p99Ms, evidence.after.p99Ms]).toEqual([9, 11]);
    expect(pairedEvidenceOf('reads', [], evidenceRounds).calibration).toBeUndefined();
    expect(() => pairedEvidenceOf('reads', [], [])).toThrow(/missing/);
  });

  it('measures three calibration rounds before the change, and reads an upgrade recorded with one', () => {
    expect(calibrationAttempts()).toEqual([0, 1, 2]);
    expect(FIRST_CANARY_ATTEMPT).toBe(3);
    const round = { canary: { reads: 'c0' }, baseline: { reads: 'b0' } };
    const other = { canary: { reads: 'c1' }, baseline: { reads: 'b1' } };
    expect(calibrationRounds(undefined)).toEqual([]);
    expect(calibrationRounds(round)).toEqual([round]);
    expect(calibrationRounds([round, other])).toEqual([round, other]);
  });

  it('reruns only the inconclusive workloads, and holds the upgrade after the last rerun', () => {
    const judged = (verdicts: Array<UpgradeJudgement['verdict']>) => ({
      verdict: verdicts.includes('regression') ? 'regression' : verdicts.includes('inconclusive') ? 'inconclusive' : 'pass',
      workloads: verdicts.map((verdict, i) => ({ workload: `w${i}`, verdict: { verdict } })),
    });
    const look = (verdicts: Array<UpgradeJudgement['verdict']>, rounds: number) =>
      canaryNextLook(judged(verdicts) as Parameters<typeof canaryNextLook>[0], rounds);
    expect(look(['pass', 'pass'], 1)).toEqual({ next: 'decided' });
    expect(look(['inconclusive', 'regression'], 1)).toEqual({ next: 'decided' });
    expect(look(['pass', 'inconclusive'], 1)).toEqual({ next: 'rerun', workloads: ['w1'], rerun: 1 });
    expect(look(['inconclusive', 'inconclusive'], MAX_GATE_RERUNS)).toMatchObject({ next: 'rerun', rerun: MAX_GATE_RERUNS });
    expect(look(['pass', 'inconclusive'], MAX_GATE_RERUNS + 1)).toEqual({ next: 'held', reruns: MAX_GATE_RERUNS });
  });
});

describe('reads at a simulated canary beside its baseline, calibrated before the change', () => {
  // The canary node is twice as slow as its baseline on its own (the simulated cloud draws each node's p99).
  const nodes = (canaryFactor: number): SimulatedTargetNode[] =>
    [
      ['node-0', 'primary', 3],
      ['node-1', 'replica', 6 * canaryFactor],
      ['node-2', 'replica', 3],
    ].map(([name, role, p99]) => ({
      name: name as string,
      role: role as 'primary' | 'replica',
      version: 'v',
      state: 'running',
      p99LatencyMs: p99 as number,
    }));
  const pair = { canary: 'node-1', baseline: 'node-2' };
  const measure = (canaryFactor: number, attempt: number) =>
    readsSideBySide({
      targetOf: async (readsFrom): Promise<WorkloadTarget> => ({
        kind: 'simulated',
        engine: 'redis',
        seed: 1,
        timeScale: 1e9,
        nodes: nodes(canaryFactor),
        readsFrom,
      }),
      pair,
      workload: 'read-heavy-80-20',
      durationSeconds: 5,
      upgrade: 'unit',
      attempt,
      simulatedDrift: true,
    });
  const judge = async (canaryFactor: number) => {
    const calibration = await measure(1, 0);
    const after = await measure(canaryFactor, 1);
    const sides = (r: typeof after) => ({ canary: asRun(r.canary), baseline: asRun(r.baseline) });
    return { after, judgement: judgeUpgrade([pairedEvidenceOf('read-heavy-80-20', [sides(calibration)], [sides(after)])], NO_SLA) };
  };

  it('reads each side from its own node only, and repeats for the same upgrade and attempt', async () => {
    const [first, again] = [await measure(1, 0), await measure(1, 0)];
    expect(first.canary.byOperation.write.count).toBe(0);
    expect(first.canary.latency.p99).toBeGreaterThan(1.5 * first.baseline.latency.p99);
    expect(again.canary.slices).toEqual(first.canary.slices);
    expect((await measure(1, 1)).canary.slices).not.toEqual(first.canary.slices);
    // A 5-s run is cut into 40 slices of 125 ms a side, lined up by their place in the window.
    expect(first.canary.slices.map((s) => s.index)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(first.baseline.slices.map((s) => s.index)).toEqual(first.canary.slices.map((s) => s.index));
  });

  it('cuts a paired run into as many slices as the gate takes, none shorter than 100 ms', () => {
    expect([10, 5, 4, 2, 1, 0.2].map(pairedSliceCountFor)).toEqual([40, 40, 40, 20, 10, 4]);
  });

  it("passes an unchanged canary that is slower on its own, and catches the version's +30%", async () => {
    expect((await judge(1)).judgement.verdict).toBe('pass');
    const slowed = await judge(1.3);
    expect(slowed.judgement.verdict).toBe('regression');
    expect(slowed.judgement.workloads[0]!.verdict.p99!.calibrationPairs).toBeGreaterThan(0);
  });
});
