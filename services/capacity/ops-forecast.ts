import { linearRegression } from 'simple-statistics';
import { maxOfLast } from './daily-series';

/** Traffic is judged on its recent trend: four weeks cover the weekly cycle four times over. */
const TREND_DAYS = 28;
const PEAK_DAYS = 7;

export interface OpsOutlook {
  /** The busiest moment of the last week, reads + 2 × writes per second. */
  peakPerSecond: number;
  /** Days after the last rollup the daily peaks' trend reaches the limit; 0 = already there; null = not within the horizon. */
  limitDay: number | null;
}

/**
 * Where the daily traffic peaks are heading, against the cluster's limit. A straight line through the
 * last four weeks of peaks: traffic grows with the product, and the storage model's weekly-seasonal
 * fit would add little to a date that matters less than the storage one (CPU can be added in hours).
 */
export function opsOutlook(peaks: readonly number[], limit: number, horizonDays: number): OpsOutlook {
  const peakPerSecond = maxOfLast(peaks, PEAK_DAYS) ?? 0;
  if (limit <= 0) return { peakPerSecond, limitDay: null };
  if (peakPerSecond >= limit) return { peakPerSecond, limitDay: 0 };
  const start = Math.max(0, peaks.length - TREND_DAYS);
  const points: Array<[number, number]> = [];
  for (let t = start; t < peaks.length; t++) if (!Number.isNaN(peaks[t]!)) points.push([t, peaks[t]!]);
  if (points.length < 7) return { peakPerSecond, limitDay: null };
  const { m, b } = linearRegression(points);
  if (!(m > 0)) return { peakPerSecond, limitDay: null };
  const last = peaks.length - 1;
  // From the trend's value today, not today's noisy peak; a crossing in the past means "now".
  const day = Math.max(0, Math.ceil((limit - (b + m * last)) / m));
  return { peakPerSecond, limitDay: day <= horizonDays ? day : null };
}
