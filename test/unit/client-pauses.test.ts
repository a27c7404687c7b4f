import { describe, expect, it } from 'vitest';
import { CLIENT_PAUSE_MS, PauseDetector } from '../../services/workload/pause-detector';
import { SliceRecorder } from '../../services/workload/slices';

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the process is busy: no timer runs
  }
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the pause detector', () => {
  it('reports a stretch in which the process could not run, and nothing while it runs freely', async () => {
    const detector = new PauseDetector();
    detector.start();
    await wait(60);
    const blockedAt = performance.now();
    busyFor(120);
    await wait(30);
    const pauses = detector.stop();
    const long = pauses.filter((p) => p.to - p.from >= 100);
    expect(long).toHaveLength(1);
    expect(long[0]!.from).toBeGreaterThanOrEqual(blockedAt - 10);
    expect(long[0]!.to - long[0]!.from).toBeLessThan(200);
    expect(pauses.every((p) => p.to - p.from > CLIENT_PAUSE_MS)).toBe(true);
  });

  it('tells a call in flight across a pause, seen or not yet seen, from one before or after it', async () => {
    const detector = new PauseDetector();
    detector.start();
    await wait(30);
    // (A pause is on record from the last tick before it: up to a tick early.)
    const before = [performance.now() - 1, performance.now()] as const;
    await wait(15);
    const started = performance.now();
    busyFor(80);
    // Right after the stall, before the detector's late tick has run: the call's own callback came first.
    expect(detector.spannedPause(started, performance.now())).toBe(true);
    // A call shorter than any pause cannot have spanned one, tick or no tick.
    expect(detector.spannedPause(performance.now() - 1, performance.now())).toBe(false);
    await wait(20);
    // Once the tick has run, the pause is on record.
    expect(detector.spannedPause(started, performance.now())).toBe(true);
    const after = performance.now();
    await wait(5);
    expect(detector.spannedPause(after, performance.now())).toBe(false);
    expect(detector.spannedPause(...before)).toBe(false);
    detector.stop();
  });
});

describe("a run's slices and a pause of the load generator", () => {
  it('marks each slice the pause overlaps with the overlap', () => {
    const recorder = new SliceRecorder(1000, 4);
    for (let at = 10; at < 1000; at += 20) recorder.record(at, 1);
    recorder.markClientPause(200, 560);
    expect(recorder.summaries().map((s) => s.clientPausedMs)).toEqual([50, 250, 60, undefined]);
  });

  it('leaves nothing marked for a pause outside the window', () => {
    const recorder = new SliceRecorder(1000, 4);
    recorder.record(100, 1);
    recorder.markClientPause(-300, -100);
    recorder.markClientPause(1200, 1300);
    expect(recorder.summaries()[0]!.clientPausedMs).toBeUndefined();
  });
});
