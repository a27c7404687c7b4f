import { probit } from 'simple-statistics';
import type { BacktestError, TrendChoice } from './trend-choice';
import type { FittedTrend } from './trend-forms';

/**
 * The prediction interval, calibrated on the chosen form's own rolling-origin backtest (split
 * conformal, by horizon): at each backtest horizon h, the `level` quantile of its absolute errors
 * there; a line through those widths (intercept: the noise met at any horizon; slope: how fast a
 * wrong growth estimate drifts away), extrapolated to the whole horizon and scaled by BAND_SCALE,
 * is the band's half-width. Rolling-origin errors come from origins that knew less history than
 * the last one does, so they overstate its error; BAND_SCALE, set on backtests of simulated fleets
 * (never the held-out seed), brings every family of series near the level it claims. Each series
 * gets the band its history earned: a steady line a narrow one, a series whose growth has changed a
 * wide one. It is symmetric: after a growth change the past errors all lean one way, the next ones need not.
 */
export interface Band {
  /** Offsets of the low and high edge from the central value h days ahead (log ratios when multiplicative). */
  low(h: number): number;
  high(h: number): number;
  multiplicative: boolean;
  /** The forecast's growth over its first day (GB, or log units when multiplicative). */
  growth: number;
}

/** Backtest errors a horizon needs to have its quantile taken; with fewer than two such horizons the band falls back on the one-step error, widened with √h. */
const MIN_ERRORS = 12;
const BAND_SCALE = 0.5;
/**
 * The envelope rises in steps, on the days a weekly or compaction peak comes round, so the day it
 * crosses is known only to within a step: the band is never narrower than this share of the days
 * between steps, in days of growth (about four days for a weekly staircase, under one for smooth growth).
 * Set per kind of form on the tuning seed (conformal calibration conditioned on the form): a
 * compounding form's crossing errors are a day or two and its low edge already carries the lean's
 * two days, so a wider floor made its band cover 97% of crossings where it claims 80%.
 */
const STEP_SHARE = { additive: 0.6, multiplicative: 0.2 };
/** The floor is set for the 80% band and widens with the level like a normal quantile. */
const Z_80 = probit(0.9);
/** Steps are read over the last eight weeks; a rise below this share of the mean daily growth is noise, not a step. */
const STEP_LOOKBACK_DAYS = 56;
/** The low edge of a growing series grows at least at this share of today's growth (see `lowHalf`). */
export const LOW_EDGE_GROWTH_SHARE = 0.25;
const STEP_MIN_RISE = 0.5;

/**
 * `path`: the trend the forecast runs on (the chosen one, or a damped one held past its tested
 * horizons), whose own rise the low edge keeps a share of; the chosen trend when not given.
 */
export function conformalBand(choice: TrendChoice, level: number, envelope: readonly number[], path: FittedTrend = choice.trend): Band {
  const { trend, errors } = choice;
  const origin = envelope.length - 1;
  const [next, after] = [trend.at(origin, 1), trend.at(origin, 2)];
  const growth = trend.multiplicative ? Math.log(after / next) : after - next;
  const z = probit((1 + level) / 2);
  const floor = (z / Z_80) * STEP_SHARE[trend.multiplicative ? 'multiplicative' : 'additive'] * stepSpacing(envelope) * Math.abs(growth);
  const widths = widthByHorizon(errors, level);
  if (widths.length < 2) {
    const oneStep = Math.max(floor, z * trend.residualStd);
    return { multiplicative: trend.multiplicative, growth, low: (h) => -oneStep * Math.sqrt(h), high: (h) => oneStep * Math.sqrt(h) };
  }
  const { intercept, slope } = nonNegativeLine(widths);
  const half = (h: number) => Math.max(floor, BAND_SCALE * (intercept + slope * h));
  const first = path.at(origin, 1);
  const rise = (h: number) => (trend.multiplicative ? Math.log(path.at(origin, h) / first) : path.at(origin, h) - first);
  return { multiplicative: trend.multiplicative, growth, low: (h) => -lowHalf(half, growth, rise(h), h), high: half };
}

/**
 * How far the low edge lies below the central value h days ahead: the band's half-width, except
 * that a growing series' low edge keeps rising at LOW_EDGE_GROWTH_SHARE of the forecast's own rise
 * from day 1 (`rise`: today's growth × (h − 1) for a straight form; less for a damped one, whose
 * growth fades to what it had at its longest tested horizon) at least. A band whose width grew
 * faster than the forecast itself had a low edge that levelled off or fell, so that a cluster
 * filling within months got a band "from a date to never"; usage the model sees growing, and whose
 * growth its backtests put at no more than ±(1 − share), does not turn round inside the band.
 */
function lowHalf(half: (h: number) => number, growth: number, rise: number, h: number): number {
  if (!(growth > 0 && rise > 0)) return half(h);
  return Math.min(half(h), half(1) + (1 - LOW_EDGE_GROWTH_SHARE) * rise);
}

/** Over the last weeks, 1 + the mean length of the envelope's plateaus: 1 when it grows every day, about 6 for a weekly staircase. */
export function stepSpacing(envelope: readonly number[]): number {
  const from = Math.max(1, envelope.length - STEP_LOOKBACK_DAYS);
  const meanGrowth = (envelope[envelope.length - 1]! - envelope[from - 1]!) / (envelope.length - from);
  if (!(meanGrowth > 0)) return 1;
  let flatDays = 0;
  let plateaus = 0;
  let previousFlat = false;
  for (let t = from; t < envelope.length; t++) {
    const flat = !(envelope[t]! - envelope[t - 1]! > STEP_MIN_RISE * meanGrowth);
    if (flat) flatDays++;
    if (flat && !previousFlat) plateaus++;
    previousFlat = flat;
  }
  return Math.min(7, 1 + flatDays / Math.max(1, plateaus));
}

/**
 * Per backtest horizon with enough errors, the recency-weighted `level` quantile of the absolute
 * error there (weighted conformal, as for data that are not exchangeable): errors on recent days
 * count most, so a growth change the series went through weeks ago widens the band at once,
 * where an unweighted quantile would let months of the old, steady regime outvote it. The forecast
 * itself takes a weight of 1 (today's) at +∞, which keeps a quantile over few effective errors honest.
 */
function widthByHorizon(errors: readonly BacktestError[], level: number): Array<[number, number]> {
  const byH = new Map<number, BacktestError[]>();
  for (const e of errors) {
    const list = byH.get(e.h) ?? [];
    list.push(e);
    byH.set(e.h, list);
  }
  const widths: Array<[number, number]> = [];
  for (const [h, list] of byH) if (list.length >= MIN_ERRORS) widths.push([h, weightedQuantile(list, level)]);
  return widths;
}

/** The smallest |error| whose share of the weight (the forecast's own weight of 1 included) reaches `level`. */
function weightedQuantile(list: BacktestError[], level: number): number {
  const sorted = list.map((e) => ({ size: Math.abs(e.error), weight: e.weight })).sort((a, b) => a.size - b.size);
  const total = sorted.reduce((a, e) => a + e.weight, 0) + 1;
  let cumulative = 0;
  for (const e of sorted) {
    cumulative += e.weight;
    if (cumulative >= level * total) return e.size;
  }
  return sorted[sorted.length - 1]!.size;
}

/**
 * Least-squares width = intercept + slope × h with neither below zero: the intercept is the noise
 * a forecast meets at any horizon, the slope how fast a wrong growth estimate drifts away.
 */
function nonNegativeLine(points: ReadonlyArray<[number, number]>): { intercept: number; slope: number } {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const slope = sxx > 0 ? sxy / sxx : 0;
  if (slope <= 0) return { intercept: my, slope: 0 };
  const intercept = my - slope * mx;
  if (intercept >= 0) return { intercept, slope };
  // Through the origin instead.
  return { intercept: 0, slope: points.reduce((a, [x, y]) => a + x * y, 0) / points.reduce((a, [x]) => a + x * x, 0) };
}
