import * as hdr from 'hdr-histogram-js';

/** A slice is this long (real or virtual ms) unless the run is too short or too long for it. */
export const SLICE_MS = 250;
/** The measured window of a 5-second run (the upgrade's default) is cut into this many slices. */
export const DEFAULT_SLICE_COUNT = 20;

/** The most slices a run is cut into. */
export const MAX_SLICE_COUNT = 40;

/** Slices of SLICE_MS for a run of this length: at least 4 (a spread needs a few), at most 40. */
export function sliceCountFor(durationSeconds: number): number {
  return Math.min(MAX_SLICE_COUNT, Math.max(4, Math.round((durationSeconds * 1000) / SLICE_MS)));
}

/** The shortest slice of a paired run. */
export const PAIRED_SLICE_MIN_MS = 100;

/**
 * Slices of a paired run (a canary's reads beside its baseline's, at the same time): as many as the
 * gate takes (40), each at least PAIRED_SLICE_MIN_MS: 40 of 125 ms for the default 5-s benchmark,
 * 40 of 100 ms for 4 s, the design `bench:gate` measured on real nodes (at 20 slices of 250 ms the
 * same runs were held as inconclusive five times as often and caught a +10% slowdown less often).
 * What slows both sides at once cancels in the pairing, so short slices cost the paired gate little
 * and give it more observations; runs measured apart keep sliceCountFor.
 */
export function pairedSliceCountFor(durationSeconds: number): number {
  return Math.min(MAX_SLICE_COUNT, Math.max(4, Math.floor((durationSeconds * 1000) / PAIRED_SLICE_MIN_MS)));
}

/** One slice of a run's measured window: what the upgrade gate takes as one observation. */
export interface SliceSummary {
  /** The slice's place in its run's window (0 first): slices without calls are left out, so two runs line up by it. */
  index?: number;
  /** Operations that ended in the slice. */
  count: number;
  p99Ms: number;
  meanMs: number;
  /**
   * The load generator itself did not run for this long in the slice (a stall of its process:
   * pause-detector.ts); the calls in flight across it are not in the slice. Absent when none.
   */
  clientPausedMs?: number;
}

const ms = (us: number) => Math.round(us) / 1000;

/**
 * Latencies by the slice of the measured window in which each call ended. The gate compares the
 * spread of slice p99s and means, not the thousands of calls of one run, because most of the
 * variance of a latency benchmark lies between stretches of time, not between calls.
 */
export class SliceRecorder {
  private readonly histograms: hdr.Histogram[];
  private readonly sumsUs: number[];
  private readonly pausedMs: number[];

  constructor(
    private readonly windowMs: number,
    readonly sliceCount = DEFAULT_SLICE_COUNT,
  ) {
    this.histograms = Array.from({ length: sliceCount }, () =>
      hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 2 }),
    );
    this.sumsUs = new Array<number>(sliceCount).fill(0);
    this.pausedMs = new Array<number>(sliceCount).fill(0);
  }

  /** The load generator paused from `fromMs` to `toMs` after the window opened: each slice it overlaps is marked with the overlap. */
  markClientPause(fromMs: number, toMs: number): void {
    if (this.sliceCount === 0 || !(this.windowMs > 0) || toMs <= 0 || fromMs >= this.windowMs) return;
    const sliceMs = this.windowMs / this.sliceCount;
    const first = Math.max(0, Math.floor(fromMs / sliceMs));
    const last = Math.min(this.sliceCount - 1, Math.floor(toMs / sliceMs));
    for (let i = first; i <= last; i += 1) {
      this.pausedMs[i]! += Math.max(0, Math.min(toMs, (i + 1) * sliceMs) - Math.max(fromMs, i * sliceMs));
    }
  }

  /** A call that ended `atMs` after the window opened. */
  record(atMs: number, latencyMs: number): void {
    if (this.sliceCount === 0 || !(this.windowMs > 0)) return;
    const index = Math.min(this.sliceCount - 1, Math.max(0, Math.floor((atMs / this.windowMs) * this.sliceCount)));
    const us = Math.max(1, Math.round(latencyMs * 1000));
    this.histograms[index]!.recordValue(us);
    this.sumsUs[index]! += us;
  }

  /** Each slice with at least one call, in time order. */
  summaries(): SliceSummary[] {
    return this.histograms.flatMap((h, i) => {
      const count = h.totalCount;
      if (count === 0) return [];
      const paused = this.pausedMs[i]! >= 1 ? { clientPausedMs: Math.round(this.pausedMs[i]!) } : {};
      return [{ index: i, count, p99Ms: ms(h.getValueAtPercentile(99)), meanMs: ms(this.sumsUs[i]! / count), ...paused }];
    });
  }
}
