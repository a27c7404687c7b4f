import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../services/core/random';
import { judgeUpgrade, type WorkloadRun } from '../../services/upgrades/upgrade-gate';
import { CLIENT_PAUSE_MS, PauseDetector } from '../../services/workload/pause-detector';
import { SliceRecorder, type SliceSummary } from '../../services/workload/slices';

/** Slices of a steady node: each slice's p99 and mean near `level`, a little drift between slices. */
function steady(seed: number, count: number, level = 1): SliceSummary[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const v = level * (1 + 0.05 * (random() - 0.5));
    return { index, count: 2000, p99Ms: 3 * v, meanMs: v };
  });
}

/** The same slices with the load generator stalled in `stalled` of them: its calls timed across the stall. */
const stalledIn = (slices: SliceSummary[], stalled: number[], pausedMs: number, marked = true): SliceSummary[] =>
  slices.map((s) =>
    stalled.includes(s.index!)
      ? { ...s, p99Ms: s.p99Ms + pausedMs, meanMs: s.meanMs * 1.5, ...(marked ? { clientPausedMs: pausedMs } : {}) }
      : s,
  );

const run = (slices: SliceSummary[]): WorkloadRun => {
  const p99Ms = Math.max(...slices.map((s) => s.p99Ms));
  return { p99Ms, meanMs: 1, slices, byOperation: { read: { count: 1, p99: p99Ms }, write: { count: 0, p99: 0 } } };
};
const sla = { p99ReadMs: 1000, p99WriteMs: 1000, availability: 99.9 };

describe('the pause detector', () => {
  it('reports a stretch in which the process could not run, and nothing while it runs freely', async () => {
    const origin = performance.now();
    const detector = new PauseDetector(origin);
    detector.start();
    await new Promise((r) => setTimeout(r, 60));
    const blockedFrom = performance.now() - origin;
    const until = performance.now() + 120;
    while (performance.now() < until) {
      // the process is busy: no timer runs
    }
    await new Promise((r) => setTimeout(r, 30));
    const pauses = detector.stop();
    const long = pauses.filter((p) => p.toMs - p.fromMs >= 100);
    expect(long).toHaveLength(1);
    expect(long[0]!.fromMs).toBeGreaterThanOrEqual(blockedFrom - 10);
    expect(long[0]!.toMs - long[0]!.fromMs).toBeLessThan(200);
    expect(pauses.every((p) => p.toMs - p.fromMs > CLIENT_PAUSE_MS)).toBe(true);
  });
});

describe("a run's slices and a pause of the load generator", () => {
  it('marks the slices the pause overlaps, and the whole pause on the slice where it ended', () => {
    const recorder = new SliceRecorder(1000, 4);
    for (let at = 10; at < 1000; at += 20) recorder.record(at, 1);
    recorder.markClientPause(200, 560);
    const slices = recorder.summaries();
    expect(slices.map((s) => s.clientPausedMs)).toEqual([50, 250, 360, undefined]);
  });

  it('leaves nothing marked for a pause outside the window', () => {
    const recorder = new SliceRecorder(1000, 4);
    recorder.record(100, 1);
    recorder.markClientPause(-300, -100);
    recorder.markClientPause(1200, 1300);
    expect(recorder.summaries()[0]!.clientPausedMs).toBeUndefined();
  });
});

describe('the gate and slices the load generator paused in', () => {
  it('leaves them out: a stall of the client after the change is not read as a regression', () => {
    const before = steady(1, 12);
    const after = steady(2, 12);
    const stalled = [1, 2, 3, 5, 6, 7, 9, 10];
    const unmarked = judgeUpgrade([{ workload: 'w', before: run(before), after: run(stalledIn(after, stalled, 40, false)) }], sla);
    expect(unmarked.verdict).toBe('regression');
    const marked = judgeUpgrade([{ workload: 'w', before: run(before), after: run(stalledIn(after, stalled, 40)) }], sla);
    expect(marked.verdict).toBe('pass');
    const reasons = marked.workloads[0]!.verdict.reasons.join('; ');
    expect(reasons).toMatch(/12 slices before, 4 after/);
    expect(reasons).toMatch(/left out: 0 slice\(s\) before and 8 after in which the load generator itself paused \(up to 40 ms\)/);
  });

  it('leaves out a paired slice when either side paused, and says too few remain when too many did', () => {
    const before = steady(3, 8);
    const after = stalledIn(steady(4, 8), [0, 1, 2, 3, 4, 5], 30);
    const judgement = judgeUpgrade([{ workload: 'w', before: run(before), after: run(after), paired: true }], sla);
    expect(judgement.verdict).toBe('inconclusive');
    expect(judgement.workloads[0]!.verdict.reasons[0]).toMatch(/^too few slices to measure the spread \(8 before, 2 after; need/);
  });

  it('measures again, rather than rolls back, an SLA breach of an after run the client paused in', () => {
    const before = steady(5, 8);
    const after = stalledIn(steady(6, 8), [4], 900);
    const tight = { p99ReadMs: 50, p99WriteMs: 50, availability: 99.9 };
    const judgement = judgeUpgrade([{ workload: 'w', before: run(before), after: run(after) }], tight);
    expect(judgement.verdict).toBe('inconclusive');
    expect(judgement.workloads[0]!.verdict.slaBreached).toBe(false);
    expect(judgement.workloads[0]!.verdict.reasons.join('; ')).toMatch(
      /over the SLA.*measured through a pause of the load generator: measured again/,
    );
    const unpaused = judgeUpgrade([{ workload: 'w', before: run(before), after: run(stalledIn(steady(6, 8), [4], 900, false)) }], tight);
    expect(unpaused.verdict).toBe('regression');
  });
});
