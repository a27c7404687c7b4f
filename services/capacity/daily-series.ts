import type { ClusterRollup } from '../metrics/metrics-repository';
import { weightedOps } from './ops-limits';

export const DAY_MS = 86_400_000;

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

/**
 * Lays rollups (ascending by bucket) out by day. Used GB comes from fill, the fullest node's share
 * of its usable capacity, times the cluster's usable capacity on that day: after a scale-out the
 * fill drops but the GB do not, so the trend survives the change and is compared with today's capacity.
 */
export function dailySeries(rollups: readonly ClusterRollup[], currentCapacityGb: number): DailySeries | null {
  const first = rollups[0];
  const last = rollups[rollups.length - 1];
  if (!first || !last) return null;
  const start = first.bucket.getTime();
  const days = Math.round((last.bucket.getTime() - start) / DAY_MS) + 1;
  const usedGb = new Array<number>(days).fill(Number.NaN);
  const peakOps = new Array<number>(days).fill(Number.NaN);
  const p99Ms = new Array<number>(days).fill(Number.NaN);
  for (const r of rollups) {
    const slot = Math.round((r.bucket.getTime() - start) / DAY_MS);
    const capacity = r.capacityGb > 0 ? r.capacityGb : currentCapacityGb;
    usedGb[slot] = finite(r.fillMax) ? r.fillMax * capacity : finite(r.usedGbMax) ? r.usedGbMax : Number.NaN;
    peakOps[slot] = weightedOps(finite(r.readsMax) ? r.readsMax : 0, finite(r.writesMax) ? r.writesMax : 0);
    p99Ms[slot] = finite(r.p99Max) ? r.p99Max : Number.NaN;
  }
  return { lastBucket: last.bucket, usedGb, peakOps, p99Ms, nodeCount: last.nodeCount };
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
