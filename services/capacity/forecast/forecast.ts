import { peakEnvelope } from './envelope';
import { conformalBand, LOW_EDGE_GROWTH_SHARE } from './interval';
import { linearProjection } from './linear-forecast';
import { countPresent, fillInteriorGaps, lastPresent } from './series-values';
import { backtestPlan, chooseTrend, type TrendChoice } from './trend-choice';
import { heldPastTested, type TrendForm } from './trend-forms';

export interface ForecastInput {
  /** One value per day, oldest first; NaN = no sample that day. */
  values: number[];
  /** The value at which the resource is exhausted (same unit as values). */
  capacity: number;
  horizonDays: number;
  /** Coverage of the prediction interval, in (0, 1); default 0.8. */
  level?: number;
}

export interface ForecastPoint {
  /** Days after the last value, 1..horizonDays. */
  day: number;
  value: number;
  low: number;
  high: number;
}

export interface Forecast {
  method: 'holt-winters' | 'linear' | 'insufficient-history';
  /** The trend form the backtests chose (Holt-Winters only). */
  trendForm: TrendForm | null;
  points: ForecastPoint[];
  /** Days after the last value when the central forecast reaches capacity; 0 = already there; null = not within the horizon. */
  exhaustionDay: number | null;
  /** The same for the interval's high edge (the soonest it may happen); may lie beyond the horizon when the forecast grows. */
  earliestDay: number | null;
  /** The same for the interval's low edge (the latest it is likely to happen); may lie beyond the horizon when exhaustionDay does not. */
  latestDay: number | null;
  /** Current growth per day (the model's trend), same unit as values. */
  dailyGrowth: number;
  /** Standard deviation of the one-step errors. */
  residualStd: number;
}

/** Fewer present values than this: no forecast. */
export const MIN_VALUES_LINEAR = 7;
/** Holt-Winters needs two full weeks to see a weekly season. */
export const MIN_VALUES_HOLT_WINTERS = 14;
export const DEFAULT_LEVEL = 0.8;
/**
 * The central value is the envelope's forecast as it stood this many days of growth earlier: a
 * notice a couple of days late costs little 90 days ahead, one that cries wolf costs trust.
 */
const CAUTION_DAYS = 2;

/** Forecasts a daily usage series up to horizonDays ahead and when it reaches capacity. */
export function forecastSeries(input: ForecastInput): Forecast {
  const { capacity, horizonDays } = input;
  const level = input.level ?? DEFAULT_LEVEL;
  if (!Number.isInteger(horizonDays) || horizonDays < 1) throw new RangeError(`horizonDays must be a whole number ≥ 1, got ${horizonDays}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, got ${level}`);
  if (!Number.isFinite(capacity)) throw new RangeError(`capacity must be a finite number, got ${capacity}`);

  const present = countPresent(input.values);
  // Leading gaps are dropped; trailing ones are kept, so day 1 is still the day after the input ends.
  const values = fillInteriorGaps(input.values);
  if (present < MIN_VALUES_LINEAR) {
    return {
      method: 'insufficient-history',
      points: [],
      exhaustionDay: null,
      earliestDay: null,
      latestDay: null,
      trendForm: null,
      dailyGrowth: 0,
      residualStd: 0,
    };
  }
  const { beyond, ...model } =
    present < MIN_VALUES_HOLT_WINTERS ? linearModel(values, level, horizonDays) : holtWintersModel(values, level, horizonDays);
  const found = crossings(model.points, capacity, lastPresent(values));
  return { ...model, ...found, ...bandBeyond(found, beyond, capacity, horizonDays, model.dailyGrowth) };
}

type Projection = Pick<Forecast, 'method' | 'trendForm' | 'points' | 'dailyGrowth' | 'residualStd'> & {
  /** The forecast on any day, past the horizon too: where the band's low edge crosses beyond it. */
  beyond?: (day: number) => ForecastPoint;
};

/** Holt's smoothing on the weekly peak envelope, its trend form and interval chosen by backtests of its own history. */
function holtWintersModel(values: number[], level: number, horizonDays: number): Projection {
  const envelope = peakEnvelope(values);
  const choice = chooseTrend(envelope);
  const origin = envelope.length - 1;
  const trend = heldPastTested(choice.trend, backtestPlan(envelope.length).horizons.at(-1)!);
  const band = conformalBand(choice, level, envelope, trend);
  const lean = CAUTION_DAYS * Math.max(0, band.growth);
  const at = (day: number): ForecastPoint => {
    const peak = trend.at(origin, day);
    // The band is the envelope's forecast ± its width, its low edge widened by the lean so that it
    // stays below the central value however narrow the band is.
    const [low, high, value] = band.multiplicative
      ? [peak * Math.exp(band.low(day) - lean), peak * Math.exp(band.high(day)), peak * Math.exp(-lean)]
      : [peak + band.low(day) - lean, Math.max(peak + band.high(day), youngSpeedUp(choice, origin, day)), peak - lean];
    return edges(day, value, low, high);
  };
  const points: ForecastPoint[] = [];
  for (let day = 1; day <= horizonDays; day++) points.push(at(day));
  return {
    method: 'holt-winters',
    trendForm: choice.trend.form,
    points,
    beyond: at,
    // The forecast's own growth over its first day: GB a day whatever the form (a rate × level when compounding).
    dailyGrowth: choice.trend.at(origin, 2) - choice.trend.at(origin, 1),
    residualStd: choice.trend.residualStd,
  };
}

/**
 * Where the lines through the last four weeks and the last fortnight both run above the chosen
 * form: a speed-up the central forecast does not yet believe (it must hold over the fortnight, and
 * a staircase tilts either line) may still be real, and the high edge keeps room for it.
 */
function youngSpeedUp(choice: TrendChoice, origin: number, day: number): number {
  return Math.min(choice.recent.at(origin, day), choice.fortnight.at(origin, day));
}

function linearModel(values: number[], level: number, horizonDays: number): Projection {
  const line = linearProjection(values, level);
  const points: ForecastPoint[] = [];
  for (let day = 1; day <= horizonDays; day++) {
    const { value, spread } = line.at(day);
    points.push(edges(day, value, value - spread, value + spread));
  }
  return { method: 'linear', trendForm: null, points, dailyGrowth: line.slope, residualStd: line.residualStd };
}

/** Usage is never negative, so neither is any edge of the forecast. */
function edges(day: number, value: number, low: number, high: number): ForecastPoint {
  return { day, value: Math.max(0, value), low: Math.max(0, low), high: Math.max(0, high) };
}

/** How far out a band's low edge is followed: one that crosses only after a century says "never". */
const FARTHEST_DAY = 36_525;

/**
 * The band's ends may cross after the horizon: each is looked for up to horizon /
 * LOW_EDGE_GROWTH_SHARE days out (the low edge of a growing series grows at that share of its
 * growth at least, so it crosses by then when the forecast crosses within the horizon), so that a
 * growing cluster has a band with a date at both ends — from within the horizon to after it, or
 * wholly after it — where the chart, which stops at the horizon, shows none. The high edge is
 * looked for past the horizon only while the forecast grows; the low edge whenever the high edge
 * crosses, and past that first bound as far as it must go, when it is still rising there
 * (`lowEdgeReach`): the low edge of a forecast crossing a little after the horizon crosses after
 * horizon / share, and stopping the search there gave a growing cluster a band "to never".
 */
function bandBeyond(
  found: Pick<Forecast, 'earliestDay' | 'latestDay'>,
  beyond: ((day: number) => ForecastPoint) | undefined,
  capacity: number,
  horizonDays: number,
  dailyGrowth: number,
): Pick<Forecast, 'earliestDay' | 'latestDay'> {
  if (!beyond || (found.earliestDay === null && !(dailyGrowth > 0))) return found;
  const last = Math.ceil(horizonDays / LOW_EDGE_GROWTH_SHARE);
  // A week at a time, then day by day back through the week it crossed in.
  const firstBeyond = (edge: 'low' | 'high', from: number, until: number) => {
    for (let week = from; week <= until; week += 7) {
      const end = Math.min(until, week + 6);
      if (beyond(end)[edge] < capacity) continue;
      for (let day = week; day <= end; day++) if (beyond(day)[edge] >= capacity) return day;
    }
    return null;
  };
  const earliestDay = found.earliestDay ?? firstBeyond('high', horizonDays + 1, last);
  if (earliestDay === null) return { earliestDay, latestDay: null };
  const latestDay = found.latestDay ?? firstBeyond('low', Math.max(horizonDays, earliestDay - 1) + 1, lowEdgeReach(beyond, capacity, last));
  return { earliestDay, latestDay };
}

/**
 * The day by which the low edge must have crossed: `last` when it has by then or no longer rises
 * there, else where its rise over the week before `last` takes it to capacity, and a week more
 * (the edge's rise never slows: the band's half-width below stops widening faster than the growth),
 * at most FARTHEST_DAY.
 */
function lowEdgeReach(beyond: (day: number) => ForecastPoint, capacity: number, last: number): number {
  const [weekBefore, atLast] = [beyond(last - 7).low, beyond(last).low];
  const rise = (atLast - weekBefore) / 7;
  if (atLast >= capacity || !(rise > 0)) return last;
  return Math.min(FARTHEST_DAY, last + Math.ceil((capacity - atLast) / rise) + 7);
}

/** First day each of value / high / low reaches capacity; all 0 when the last value already has. */
export function crossings(
  points: readonly ForecastPoint[],
  capacity: number,
  lastValue: number,
): Pick<Forecast, 'exhaustionDay' | 'earliestDay' | 'latestDay'> {
  if (lastValue >= capacity) return { exhaustionDay: 0, earliestDay: 0, latestDay: 0 };
  const first = (edge: 'value' | 'low' | 'high') => points.find((p) => p[edge] >= capacity)?.day ?? null;
  return { exhaustionDay: first('value'), earliestDay: first('high'), latestDay: first('low') };
}
