import type { ClusterRollup } from './metrics/sql/metrics-repository';
import { weightedOps } from './ops-limits';
import { DAY_MS } from '../core/clock';

/** A cluster's daily rollups laid out one slot per day, oldest first; a day without a rollup is NaN. */
export interface DailySeries {
  /** The day of the last slot (the newest rollup's bucket). */
  lastBucket: Date;
  /** GB used in the engine's usable-capacity terms: fill × the capacity at that time. */
  usedGb: number[];
  /** Busiest moment of each day, as reads + 2 × writes per second (see ops-limits.ts). */
  peakOps: number[];
  /** Each day's worst p99, ms. */
  p99Ms: number[];
  /** Nodes at the newest rollup. */
  nodeCount: number;
}

/** One day's rollup values as the forecast reads them; null or NaN = not measured. */
export interface DayValues {
  fillMax: number | null;
  capacityGb: number | null;
  usedGbMax: number | null;
  readsMax: number | null;
  writesMax: number | null;
  p99Max: number | null;
}

/** `days` empty slots ending on `lastBucket`. */
export function emptySeries(days: number, lastBucket: Date, nodeCount: number): DailySeries {
  const slots = () => new Array<number>(days).fill(Number.NaN);
  return { lastBucket, usedGb: slots(), peakOps: slots(), p99Ms: slots(), nodeCount };
}

/**
 * Fills one day. Used GB comes from fill, the fullest node's share of its usable capacity, times
 * the cluster's usable capacity on that day: after a scale-out the fill drops but the GB do not, so
 * the trend survives the change and is compared with today's capacity.
 */
export function putDay(series: DailySeries, slot: number, day: DayValues, currentCapacityGb: number): void {
  const capacity = finite(day.capacityGb) && day.capacityGb > 0 ? day.capacityGb : currentCapacityGb;
  series.usedGb[slot] = finite(day.fillMax) ? day.fillMax * capacity : finite(day.usedGbMax) ? day.usedGbMax : Number.NaN;
  series.peakOps[slot] = weightedOps(finite(day.readsMax) ? day.readsMax : 0, finite(day.writesMax) ? day.writesMax : 0);
  series.p99Ms[slot] = finite(day.p99Max) ? day.p99Max : Number.NaN;
}

/** Lays a cluster's rollups (ascending by bucket) out by day. */
export function dailySeries(rollups: readonly ClusterRollup[], currentCapacityGb: number): DailySeries | null {
  const first = rollups[0];
  const last = rollups[rollups.length - 1];
  if (!first || !last) return null;
  const start = first.bucket.getTime();
  const series = emptySeries(Math.round((last.bucket.getTime() - start) / DAY_MS) + 1, last.bucket, last.nodeCount);
  for (const r of rollups) putDay(series, Math.round((r.bucket.getTime() - start) / DAY_MS), r, currentCapacityGb);
  return series;
}

/** Rollup columns are nullable in the table even where the type says number. */
function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The largest present value among the last `days` slots, or null when none is present. */
export function maxOfLast(values: readonly number[], days: number): number | null {
  let max: number | null = null;
  for (let i = Math.max(0, values.length - days); i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && (max === null || v > max)) max = v;
  }
  return max;
}

/** The last present value, or null. */
export function lastValue(values: readonly number[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (!Number.isNaN(values[i]!)) return values[i]!;
  return null;
}
