/**
 * Daily values as they come from rollups: a day without samples is NaN. Leading gaps are dropped
 * (the series starts at its first sample), gaps inside are filled by linear interpolation between
 * their neighbours, and trailing gaps are kept: the model runs over them on its own forecast, so
 * the forecast still counts days from the end of the input.
 */
export function fillInteriorGaps(values: readonly number[]): number[] {
  const first = values.findIndex((v) => Number.isFinite(v));
  if (first < 0) return [];
  const out = values.slice(first).map((v) => (Number.isFinite(v) ? v : Number.NaN));
  let previous = 0;
  for (let t = 1; t < out.length; t++) {
    if (!Number.isNaN(out[t]!)) {
      for (let gap = previous + 1; gap < t; gap++)
        out[gap] = out[previous]! + ((out[t]! - out[previous]!) * (gap - previous)) / (t - previous);
      previous = t;
    }
  }
  return out;
}

/** Days that have a sample (a finite number); filled gaps do not count as history. */
export function countPresent(values: readonly number[]): number {
  let count = 0;
  for (const v of values) if (Number.isFinite(v)) count++;
  return count;
}

/** The last value present, or NaN. */
export function lastPresent(values: readonly number[]): number {
  for (let t = values.length - 1; t >= 0; t--) if (!Number.isNaN(values[t]!)) return values[t]!;
  return Number.NaN;
}
