/** The window of the peak envelope: a week holds a whole weekly cycle and a compaction sawtooth of up to 6 days. */
export const ENVELOPE_DAYS = 7;

/**
 * The weekly peak envelope of a daily series: each day's value is the highest of that day and the
 * six before it (NaN days in the window skipped). A day without a sample stays NaN, so that the
 * models run over trailing gaps on their own forecast rather than on a stale peak. A disk fills the first time a peak
 * reaches capacity, and the first day the envelope does is that same day, so the forecast plans on
 * the envelope: a compaction sawtooth or a weekly cycle, fixed or growing with usage, rides below
 * it instead of pulling the forecast down to the mean. The first six days, whose windows are
 * incomplete, are left out: index 0 of the result is day ENVELOPE_DAYS − 1 of the input.
 */
export function peakEnvelope(values: readonly number[], window = ENVELOPE_DAYS): number[] {
  const out: number[] = [];
  for (let t = window - 1; t < values.length; t++) {
    let peak = Number.NaN;
    if (Number.isNaN(values[t]!)) {
      out.push(peak);
      continue;
    }
    for (let k = t - window + 1; k <= t; k++) {
      const v = values[k]!;
      if (!Number.isNaN(v) && !(v <= peak)) peak = v;
    }
    out.push(peak);
  }
  return out;
}
