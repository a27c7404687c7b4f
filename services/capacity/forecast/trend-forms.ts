import { fitHoltTrend, forecastFrom } from './holt-trend';
import { recentLine } from './recent-line';

/**
 * The trend forms a cluster's forecast chooses among, each fitted to the peak envelope:
 * - `additive`: Holt's linear trend (growth of so many GB a day);
 * - `damped`: the same with the trend fading (φ = DAMPING), for growth that is slowing;
 * - `compounding`: Holt's trend on log values, i.e. a daily growth rate (0.3–1% a day is common);
 * - `recent-line`: a least-squares line through the last RECENT_DAYS only, which forgets a growth
 *   rate that has changed at once, where smoothing forgets it gradually.
 */
export const TREND_FORMS = ['additive', 'damped', 'compounding', 'recent-line', 'long-line', 'compounding-line'] as const;
export type TrendForm = (typeof TREND_FORMS)[number];

export const DAMPING = 0.98;
export const RECENT_DAYS = 28;
export const LONG_DAYS = 91;

export interface FittedTrend {
  form: TrendForm;
  /** Errors and bands are ratios (log space) rather than differences. */
  multiplicative: boolean;
  /** The forecast `h` ≥ 1 days after time index `origin`, from what was known at that origin. */
  at(origin: number, h: number): number;
  /** Root mean squared one-step error (log units for a multiplicative form). */
  residualStd: number;
}

/** Every form that applies to `envelope` (compounding needs positive values). */
export function fitTrendForms(envelope: readonly number[]): FittedTrend[] {
  const additive = fitHoltTrend(envelope);
  const damped = fitHoltTrend(envelope, DAMPING);
  const line = recentLine(envelope, RECENT_DAYS);
  const long = recentLine(envelope, LONG_DAYS);
  const forms: FittedTrend[] = [
    { form: 'additive', multiplicative: false, at: (o, h) => forecastFrom(additive, o, h), residualStd: additive.residualStd },
    { form: 'damped', multiplicative: false, at: (o, h) => forecastFrom(damped, o, h), residualStd: damped.residualStd },
    { form: 'recent-line', multiplicative: false, at: line.at, residualStd: line.residualStd },
    { form: 'long-line', multiplicative: false, at: long.at, residualStd: long.residualStd },
  ];
  if (envelope.every((v) => Number.isNaN(v) || v > 0)) {
    const logs = envelope.map(Math.log);
    const compounding = fitHoltTrend(logs);
    const logLine = recentLine(logs, LONG_DAYS);
    forms.push({
      form: 'compounding-line',
      multiplicative: true,
      at: (o, h) => Math.exp(logLine.at(o, h)),
      residualStd: logLine.residualStd,
    });
    forms.push({
      form: 'compounding',
      multiplicative: true,
      at: (o, h) => Math.exp(forecastFrom(compounding, o, h)),
      residualStd: compounding.residualStd,
    });
  }
  return forms;
}

/**
 * A damped form as the forecast uses it: damped up to the longest horizon its backtests tested
 * (`testedDays`), then growing on at the growth it had reached there. The backtests vouch for the
 * fading they saw, not for where it would end: φ = 0.98 levels off at 49 days of today's growth
 * above today, a ceiling no history tested, and a cluster whose growth had slowed and then held
 * got a forecast (and a band) that never reached capacity. Other forms are returned as they are.
 */
export function heldPastTested(trend: FittedTrend, testedDays: number): FittedTrend {
  if (trend.form !== 'damped') return trend;
  const at = (origin: number, h: number) => {
    if (h <= testedDays) return trend.at(origin, h);
    const edge = trend.at(origin, testedDays);
    return edge + (h - testedDays) * (edge - trend.at(origin, testedDays - 1));
  };
  return { ...trend, at };
}
