import { peakEnvelope } from './envelope';
import { conformalBand, LOW_EDGE_GROWTH_SHARE } from './interval';
import { linearProjection } from './linear-forecast';
import { countPresent, fillInteriorGaps, lastPresent } from './series-values';
import { chooseTrend } from './trend-choice';
import type { TrendForm } from './trend-forms';

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
  /** The same for the interval's high edge (the soonest it may happen). */
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
  return { ...model, ...found, latestDay: found.latestDay ?? latestBeyond(found, beyond, capacity, horizonDays) };
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
  const band = conformalBand(choice, level, envelope);
  const lean = CAUTION_DAYS * Math.max(0, band.growth);
  const at = (day: number): ForecastPoint => {
    const peak = choice.trend.at(origin, day);
    // The band is the envelope's forecast ± its width, its low edge widened by the lean so that it
    // stays below the central value however narrow the band is.
    const [low, high, value] = band.multiplicative
      ? [peak * Math.exp(band.low(day) - lean), peak * Math.exp(band.high(day)), peak * Math.exp(-lean)]
      : [peak + band.low(day) - lean, peak + band.high(day), peak - lean];
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

/**
 * When the band's high edge crosses within the horizon, its low edge may cross after it: that day,
 * looked for up to horizon / LOW_EDGE_GROWTH_SHARE days out (the low edge of a growing series
 * grows at that share of its growth at least, so it crosses by then), so that a cluster that may
 * fill within the horizon has a band with a date at both ends. Null when not even the high edge crosses.
 */
function latestBeyond(
  found: Pick<Forecast, 'earliestDay'>,
  beyond: ((day: number) => ForecastPoint) | undefined,
  capacity: number,
  horizonDays: number,
): number | null {
  if (found.earliestDay === null || !beyond) return null;
  const last = Math.ceil(horizonDays / LOW_EDGE_GROWTH_SHARE);
  for (let day = horizonDays + 1; day <= last; day++) if (beyond(day).low >= capacity) return day;
  return null;
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
