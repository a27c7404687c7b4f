import * as hdr from 'hdr-histogram-js';
import type { Random } from '../core/random';

/** Microseconds, as recorded; one hour at most, 3 significant digits (0.1% resolution). */
const buildHistogram = () =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });

export const DEFAULT_RESERVOIR_SIZE = 2000;

export interface LatencySummaryMs {
  count: number;
  avg: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

const ms = (us: number) => Math.round(us) / 1000;

/**
 * Latencies of one run: every one in an HDR histogram (exact counts, compact to store), and a
 * uniform sample of at most `reservoirSize` raw values (Vitter's algorithm R) for rank tests such
 * as Mann-Whitney U that need individual observations.
 */
export class LatencyRecorder {
  private readonly histogram = buildHistogram();
  private readonly reservoir: number[] = [];
  private seen = 0;
  /** Σ of the recorded values (µs): the mean from it is exact, and the histogram's own mean walks every bucket. */
  private sumUs = 0;

  constructor(
    private readonly random: Random,
    private readonly reservoirSize = DEFAULT_RESERVOIR_SIZE,
  ) {}

  record(latencyMs: number): void {
    const us = Math.max(1, Math.round(latencyMs * 1000));
    this.histogram.recordValue(us);
    this.seen += 1;
    this.sumUs += us;
    if (this.reservoir.length < this.reservoirSize) this.reservoir.push(us);
    else {
      const slot = Math.floor(this.random() * this.seen);
      if (slot < this.reservoirSize) this.reservoir[slot] = us;
    }
  }

  get count(): number {
    return this.seen;
  }

  summary(): LatencySummaryMs {
    const count = this.histogram.totalCount;
    return summarize(this.histogram, count > 0 ? this.sumUs / count : 0);
  }

  /** The raw sample in milliseconds (microsecond precision). */
  samples(): number[] {
    return this.reservoir.map(ms);
  }

  /** The whole histogram, compressed and base64-encoded (the HdrHistogram V2 format other tools read). */
  encoded(): string {
    return hdr.encodeIntoCompressedBase64(this.histogram);
  }

  /** Adds another recorder's latencies (a run's per-operation recorders into its total). */
  addFrom(other: LatencyRecorder): void {
    this.histogram.add(other.histogram);
    this.sumUs += other.sumUs;
  }
}

/** The summary of a histogram; `meanUs` when the caller kept the exact mean (else the histogram's, bucket by bucket). */
export function summarize(histogram: hdr.Histogram, meanUs?: number): LatencySummaryMs {
  if (histogram.totalCount === 0) return { count: 0, avg: 0, min: 0, p50: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  return {
    count: histogram.totalCount,
    avg: ms(meanUs ?? histogram.mean),
    min: ms(histogram.minNonZeroValue),
    p50: ms(histogram.getValueAtPercentile(50)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
  };
}

export const PercentilePoints = [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100] as const;

/** Percentiles of a stored histogram, for reading a run back. */
export function percentilesOf(encoded: string): Array<{ percentile: number; latencyMs: number }> {
  const histogram = hdr.decodeFromCompressedBase64(encoded);
  return PercentilePoints.map((percentile) => ({ percentile, latencyMs: ms(histogram.getValueAtPercentile(percentile)) }));
}
