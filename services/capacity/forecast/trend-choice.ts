import { accelerationBelied, FORTNIGHT_DAYS, growthOf, recentLineTakesOver, recentSlowdown } from './growth-change';
import { recentLine } from './recent-line';
import { fitTrendForms, RECENT_DAYS, type FittedTrend, type TrendForm } from './trend-forms';

/** One out-of-sample error of a rolling-origin backtest: actual − forecast, h days after the origin. */
export interface BacktestError {
  h: number;
  /** Recency weight of the target day (1 today, 1/e RECENCY_DAYS earlier): weights the interval's quantiles too. */
  weight: number;
  /** In the form's own units: GB, or log(actual / forecast) for a multiplicative form. */
  error: number;
}

export interface TrendChoice {
  trend: FittedTrend;
  /** The chosen form's backtest errors, which calibrate its interval. */
  errors: BacktestError[];
  /** The line through the last RECENT_DAYS alone: what the current regime's growth says. */
  recent: FittedTrend;
  /** The line through the last FORTNIGHT_DAYS: a speed-up too young to be believed still lifts the band's high edge. */
  fortnight: FittedTrend;
  /** Recency-weighted mean absolute backtest error (GB) of every form that applied. */
  scores: Partial<Record<TrendForm, number>>;
}

/** Backtest horizons: weekly, up to two fifths of the history (a 120-day history tests 6 weeks ahead). */
const HORIZON_STEP = 7;
const HORIZON_SHARE = 0.4;
/** Errors whose target day is this many days old weigh 1/e as much as today's: the recent regime decides. */
const RECENCY_DAYS = 30;
/** Another form replaces the additive trend only when its backtest error is this much smaller. */
const SWITCH_MARGIN = 0.1;
/** An exponential wrongly chosen raises alarms a straight line would not: it must win clearly. */
const COMPOUNDING_MARGIN = 0.25;

/** The horizons a series of `n` values can be backtested at, and the first origin (after a burn-in). */
export function backtestPlan(n: number): { horizons: number[]; firstOrigin: number } {
  const maxH = Math.max(1, Math.floor(n * HORIZON_SHARE));
  const horizons: number[] = [];
  for (let h = HORIZON_STEP; h <= maxH; h += HORIZON_STEP) horizons.push(h);
  if (horizons.length === 0) for (let h = 1; h <= maxH; h++) horizons.push(h);
  return { horizons, firstOrigin: Math.min(RECENT_DAYS - 1, Math.floor(n / 3)) };
}

/**
 * Fits every trend form to the envelope and backtests each from every origin after the burn-in at
 * every planned horizon, on values it had not seen at that origin. Among the forms that add GB a
 * day the additive trend stands unless another's recency-weighted mean absolute error (GB) is
 * SWITCH_MARGIN smaller; a compounding form replaces that only when COMPOUNDING_MARGIN smaller,
 * since an exponential wrongly chosen raises alarms that a straight line would not, and is passed
 * over when the envelope's growth has not risen as its rate says it would (`accelerationBelied`: a
 * straight growth that sped up weeks before looks compounding to the backtests spanning the
 * speed-up). Last, a growth
 * that changed in the last weeks (`recentGrowthChanged`) hands the forecast to the recent line: the
 * backtests, nearly all from the old regime, still favour a form that has not caught up with it; a
 * speed-up only when the last fortnight confirms it (`recentLineTakesOver`). The chosen form's growth
 * is the one it runs on at its longest tested horizon (`runningGrowth`): a damped form's has faded
 * there, and growth the recent weeks hold is a speed-up against it. A slowdown of the last
 * days, too young for the four-week line to show (`recentSlowdown`: the chosen form's week-ahead
 * forecasts overshot the last four days by more than its own record explains), hands it to the
 * line through the last fortnight when that grows slower.
 */
export function chooseTrend(envelope: readonly number[]): TrendChoice {
  const scores: Partial<Record<TrendForm, number>> = {};
  const backtests = fitTrendForms(envelope).map((trend) => {
    const score = backtestForm(trend, envelope, null);
    scores[trend.form] = score;
    return { trend, score };
  });
  const additive = backtests.find((b) => b.trend.form === 'additive')!;
  let chosen = additive;
  for (const b of backtests)
    if (!b.trend.multiplicative && b.score < (1 - SWITCH_MARGIN) * additive.score && b.score < chosen.score) chosen = b;
  const straight = chosen;
  for (const b of backtests)
    if (b.trend.multiplicative && b.score < (1 - COMPOUNDING_MARGIN) * chosen.score && b.score < chosen.score) chosen = b;
  if (chosen !== straight && accelerationBelied(chosen.trend, envelope)) chosen = straight;
  const recent = backtests.find((b) => b.trend.form === 'recent-line')!;
  const fortnight = fortnightLine(envelope);
  const origin = envelope.length - 1;
  const { horizons, firstOrigin } = backtestPlan(envelope.length);
  if (chosen !== recent && recentLineTakesOver(chosen.trend, recent.trend, fortnight, origin, horizons.at(-1))) chosen = recent;
  else if (recentSlowdown(chosen.trend, envelope, firstOrigin) && growthOf(fortnight, origin) < growthOf(chosen.trend, origin))
    chosen = { trend: fortnight, score: Infinity };
  const errors: BacktestError[] = [];
  backtestForm(chosen.trend, envelope, errors);
  return { trend: chosen.trend, errors, recent: recent.trend, fortnight, scores };
}

/** The line through the last fortnight: whether a speed-up the recent line shows still holds. */
function fortnightLine(envelope: readonly number[]): FittedTrend {
  const line = recentLine(envelope, FORTNIGHT_DAYS);
  return { form: 'recent-line', multiplicative: false, at: line.at, residualStd: line.residualStd };
}

/** Weight of an error by its target day t: 1 today, 1/e RECENCY_DAYS earlier. Cached per length: every series of a pass has about the same. */
let cachedWeights = new Float64Array(0);
function recencyWeights(n: number): Float64Array {
  if (cachedWeights.length !== n) cachedWeights = Float64Array.from({ length: n }, (_, t) => Math.exp(-(n - 1 - t) / RECENCY_DAYS));
  return cachedWeights;
}

/** The recency-weighted mean absolute rolling-origin error of one form, in GB; its errors go to `errors` when given. */
function backtestForm(trend: FittedTrend, envelope: readonly number[], errors: BacktestError[] | null): number {
  const n = envelope.length;
  const { horizons, firstOrigin } = backtestPlan(n);
  const recency = recencyWeights(n);
  let weighted = 0;
  let weights = 0;
  for (const h of horizons) {
    for (let origin = firstOrigin; origin + h < n; origin++) {
      const actual = envelope[origin + h]!;
      if (Number.isNaN(actual)) continue;
      const predicted = trend.at(origin, h);
      const w = recency[origin + h]!;
      weighted += w * Math.abs(actual - predicted);
      weights += w;
      errors?.push({ h, weight: w, error: trend.multiplicative ? Math.log(actual / predicted) : actual - predicted });
    }
  }
  return weights > 0 ? weighted / weights : Infinity;
}
