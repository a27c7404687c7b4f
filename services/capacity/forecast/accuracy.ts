import { median, quantileSorted } from 'simple-statistics';

/** One backtested cluster: days after the cutoff (null = not within the horizon). */
export interface ScoredPrediction {
  predicted: number | null;
  truth: number | null;
  /** The prediction interval's edges, when the method has one. */
  earliest?: number | null;
  latest?: number | null;
}

export interface AccuracySummary {
  /** Clusters whose truth falls within the horizon: the ones the errors are measured on. */
  scored: number;
  meanAbsoluteError: number;
  medianAbsoluteError: number;
  p90AbsoluteError: number;
  /** Mean of predicted − truth over the scored clusters (a prediction beyond the horizon counts as the horizon): > 0 = late. */
  meanLateDays: number;
  /** Share (%) of scored clusters whose interval is finite at both ends (a date to a date, not a date to "never"); null without an interval. */
  finiteBandPercent: number | null;
  /** Share (%) of scored clusters predicted within 7 days of the truth. */
  within7DaysPercent: number;
  /** Share (%) of scored clusters whose truth lies in [earliest, latest]; null without an interval. */
  coveragePercent: number | null;
  /** Predicted within warningDays, truth beyond it (or never): a notice nobody needed. */
  falseAlarms: number;
  /** Clusters whose truth is beyond warningDays (or never): the ones a false alarm can happen on. */
  quiet: number;
  /** Truth within warningDays, predicted beyond it (or never): a notice that never came. */
  misses: number;
  /** Clusters whose truth is within warningDays: the ones a miss can happen on. */
  soon: number;
  /** The same two counts if the notice went by the interval's earliest day; null without an interval. */
  falseAlarmsOnEarliest: number | null;
  missesOnEarliest: number | null;
}

/**
 * Errors in days-to-exhaustion. A prediction beyond the horizon counts as the horizon (we cannot
 * say more than "not within it"), so a miss costs at most the horizon minus the truth.
 */
export function summariseAccuracy(predictions: readonly ScoredPrediction[], horizonDays: number, warningDays: number): AccuracySummary {
  const scored = predictions.filter((p) => p.truth !== null);
  const signed = scored.map((p) => (p.predicted ?? horizonDays) - p.truth!);
  const errors = signed.map(Math.abs).sort((a, b) => a - b);
  const withInterval = scored.filter((p) => p.earliest !== undefined);
  const covered = withInterval.filter(
    (p) => p.earliest !== null && p.earliest! <= p.truth! && (p.latest === null || p.latest! >= p.truth!),
  );
  const hasInterval = predictions.some((p) => p.earliest !== undefined);
  const soon = (day: number | null) => day !== null && day <= warningDays;
  const percent = (part: number, whole: number) => (whole === 0 ? Number.NaN : (100 * part) / whole);
  return {
    scored: scored.length,
    meanAbsoluteError: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : Number.NaN,
    medianAbsoluteError: errors.length ? median(errors) : Number.NaN,
    p90AbsoluteError: errors.length ? quantileSorted(errors, 0.9) : Number.NaN,
    meanLateDays: signed.length ? signed.reduce((a, b) => a + b, 0) / signed.length : Number.NaN,
    finiteBandPercent: withInterval.length
      ? percent(withInterval.filter((p) => p.earliest !== null && p.latest !== null).length, withInterval.length)
      : null,
    within7DaysPercent: percent(errors.filter((e) => e <= 7).length, errors.length),
    coveragePercent: withInterval.length ? percent(covered.length, withInterval.length) : null,
    falseAlarms: predictions.filter((p) => soon(p.predicted) && !soon(p.truth)).length,
    quiet: predictions.filter((p) => !soon(p.truth)).length,
    misses: predictions.filter((p) => soon(p.truth) && !soon(p.predicted)).length,
    soon: predictions.filter((p) => soon(p.truth)).length,
    falseAlarmsOnEarliest: hasInterval ? predictions.filter((p) => soon(p.earliest ?? null) && !soon(p.truth)).length : null,
    missesOnEarliest: hasInterval ? predictions.filter((p) => soon(p.truth) && !soon(p.earliest ?? null)).length : null,
  };
}
