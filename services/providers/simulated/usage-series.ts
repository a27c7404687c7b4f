import { between, unitFrom } from './randomness';

/**
 * A simulated cluster's storage (or memory) usage over time, with a known truth.
 *
 * usage(day) = trend(day) + weekly cycle + compaction sawtooth + noise, clamped to
 * [0, capacityGb × USAGE_CEILING]. Each series belongs to one family (`USAGE_FAMILIES`), the kind
 * of usage a forecaster meets in a fleet: a straight line; compounding growth (a share of itself a
 * day, as a growing product's data does); a compaction sawtooth; a weekly cycle that scales with
 * usage; a growth rate that changes at an unknown day (a feature goes live, or a retention policy
 * slows growth); flat; shrinking. Cycle, sawtooth and noise have mean zero, so the trend is the
 * series' mean and `trueExhaustionDay` is exact; the daily peaks cross capacity somewhat earlier.
 * Everything is a pure function of (seed, key): no state, so history backfill and live points agree.
 */
export const USAGE_FAMILIES = ['linear', 'compounding', 'sawtooth', 'scaling-weekly', 'growth-change', 'flat', 'shrinking'] as const;
export type UsageFamily = (typeof USAGE_FAMILIES)[number];

export interface UsageSeries {
  family: UsageFamily;
  /** Trend at day 0, GB. */
  startGb: number;
  /** The usable capacity (fill 1.0), GB. */
  capacityGb: number;
  /** Trend growth before the step, GB per day; negative for a shrinking cluster; 0 when compounding. */
  dailyGrowthGb: number;
  /** Compounding growth: the trend is startGb × e^(rate × day); 0 = linear trend. */
  compoundingRate: number;
  /** Day the growth changes; null = never. */
  stepDay: number | null;
  /** Growth after stepDay = dailyGrowthGb × this (2–4 for a feature launch, below 1 for a retention policy). */
  stepGrowthFactor: number;
  /** Half the weekday-to-weekend swing: GB, or a share of the trend when `scalesWithUsage`. */
  weeklyAmplitude: number;
  /** Day of the week (0–7) the weekly cycle peaks at. */
  weeklyPhase: number;
  /** Days between compactions; 0 = no sawtooth. */
  sawtoothPeriodDays: number;
  /** Share of the trend that a compaction reclaims (0.05–0.15), 0 = none. */
  sawtoothDepth: number;
  /** Standard deviation of the noise: GB, or a share of the trend when `scalesWithUsage`. */
  noise: number;
  /** Weekly cycle and noise are shares of the trend (they grow with usage) rather than fixed GB. */
  scalesWithUsage: boolean;
  /** Growing, flat or shrinking: the family's direction, for reading test output and reports. */
  profile: 'growing' | 'flat' | 'shrinking';
  /** Integer seed of the noise; derived from (seed, key). */
  noiseSeed: number;
}

/** Usage never goes below 0 nor above capacity × this: an engine near full stops taking writes. */
export const USAGE_CEILING = 1.05;
/** Noise is drawn at hourly knots and interpolated between them, so usageAt is continuous. */
const NOISE_KNOTS_PER_DAY = 24;
/** Cumulative share of a simulated fleet: 8% shrinking, 12% flat, 20% linear, 15% compounding, 15% sawtooth, 12% scaling weekly, 18% growth change. */
const FAMILY_MIX: Array<[UsageFamily, number]> = [
  ['shrinking', 0.08],
  ['flat', 0.2],
  ['linear', 0.4],
  ['compounding', 0.55],
  ['sawtooth', 0.7],
  ['scaling-weekly', 0.82],
  ['growth-change', 1],
];

/** The family a (seed, key) draws; `family` forces one (tests, per-family benchmarks). */
export function usageSeriesFor(seed: number, key: string, capacityGb: number, startFill?: number, family?: UsageFamily): UsageSeries {
  const draw = (min: number, max: number, what: string) => between(seed, min, max, key, 'usage', what);
  const roll = unitFrom(seed, key, 'usage', 'family');
  const kind = family ?? FAMILY_MIX.find(([, upTo]) => roll < upTo)![0];
  const profile = kind === 'shrinking' ? 'shrinking' : kind === 'flat' ? 'flat' : 'growing';
  const compoundingRate = kind === 'compounding' ? draw(0.003, 0.01, 'rate') : 0;
  // Compounding series start small (a young product): 3–30% full, so most fill within one to three years.
  const startGb = capacityGb * (startFill ?? (kind === 'compounding' ? draw(0.03, 0.3, 'start') : draw(0.15, 0.6, 'start')));
  let dailyGrowthGb = 0;
  if (kind === 'flat') dailyGrowthGb = capacityGb * draw(-0.0001, 0.0001, 'growth');
  else if (kind === 'shrinking') dailyGrowthGb = -startGb * draw(0.0005, 0.003, 'growth');
  else if (kind !== 'compounding') {
    // Days until the trend alone would fill the cluster: log-uniform from 5 months to 8 years.
    const daysToFill = Math.exp(draw(Math.log(150), Math.log(3000), 'days-to-fill'));
    dailyGrowthGb = Math.max(0, capacityGb - startGb) / daysToFill;
  }
  const stepped = kind === 'growth-change';
  const slows = unitFrom(seed, key, 'usage', 'step-kind') < 0.5;
  const compacts = kind === 'sawtooth';
  const scalesWithUsage = kind === 'compounding' || kind === 'scaling-weekly';
  return {
    family: kind,
    startGb,
    capacityGb,
    dailyGrowthGb,
    compoundingRate,
    profile,
    stepDay: stepped ? Math.round(draw(20, 240, 'step-day')) : null,
    stepGrowthFactor: !stepped ? 1 : slows ? draw(0.1, 0.6, 'step-factor') : draw(2, 4, 'step-factor'),
    weeklyAmplitude:
      kind === 'scaling-weekly'
        ? draw(0.02, 0.08, 'weekly')
        : scalesWithUsage
          ? draw(0.002, 0.02, 'weekly')
          : capacityGb * draw(0.001, 0.012, 'weekly'),
    weeklyPhase: draw(0, 7, 'weekly-phase'),
    sawtoothPeriodDays: compacts ? draw(2, 6, 'sawtooth-period') : 0,
    sawtoothDepth: compacts ? draw(0.05, 0.15, 'sawtooth-depth') : 0,
    noise: scalesWithUsage ? draw(0.002, 0.008, 'noise') : capacityGb * draw(0.001, 0.004, 'noise'),
    scalesWithUsage,
    noiseSeed: Math.floor(unitFrom(seed, key, 'usage', 'noise-seed') * 2 ** 32),
  };
}

/**
 * The same draw moved so its trend passes through `anchor.gb` at `anchor.day`: a new cluster holds
 * the data its team said to expect, with a history of its family leading there. Growing series keep
 * their time to fill, counted from the anchor (linear growth = what is left of capacity over it);
 * a shrinking one its daily rate, a compounding one its rate, a flat one its drift. A fast grower
 * anchored low started from nothing not long ago: its trend is below zero before that, and its
 * usage 0.
 */
export function anchoredSeries(drawn: UsageSeries, anchor: { day: number; gb: number }): UsageSeries {
  const { capacityGb, startGb, dailyGrowthGb, compoundingRate, stepDay, stepGrowthFactor, family } = drawn;
  const gb = Math.min(anchor.gb, capacityGb);
  if (compoundingRate > 0) return { ...drawn, startGb: gb * Math.exp(-compoundingRate * anchor.day) };
  if (family === 'shrinking') {
    const rate = startGb > 0 ? -dailyGrowthGb / startGb : 0;
    const start = gb / Math.max(0.05, 1 - rate * anchor.day);
    return { ...drawn, startGb: start, dailyGrowthGb: -start * rate };
  }
  const daysToFill = family !== 'flat' && dailyGrowthGb > 0 ? (capacityGb - startGb) / dailyGrowthGb : null;
  const growth = daysToFill === null ? dailyGrowthGb : Math.max(0, capacityGb - gb) / daysToFill;
  // Days of pre-step growth the trend gathers by the anchor (after a step, each day counts stepGrowthFactor).
  const gathered = stepDay === null || anchor.day <= stepDay ? anchor.day : stepDay + stepGrowthFactor * (anchor.day - stepDay);
  return { ...drawn, startGb: gb - growth * gathered, dailyGrowthGb: growth };
}

/** The noiseless trend at fractional `day` (no cycle, sawtooth or noise), GB; may leave [0, capacity]. */
export function trendAt(series: UsageSeries, day: number): number {
  const { startGb, dailyGrowthGb, stepDay, stepGrowthFactor, compoundingRate } = series;
  if (compoundingRate > 0) return startGb * Math.exp(compoundingRate * day);
  if (stepDay === null || day <= stepDay) return startGb + dailyGrowthGb * day;
  return startGb + dailyGrowthGb * stepDay + dailyGrowthGb * stepGrowthFactor * (day - stepDay);
}

/** GB used at fractional `day` (0 = series start), within [0, capacityGb × USAGE_CEILING]. */
export function usageAt(series: UsageSeries, day: number): number {
  const trend = trendAt(series, day);
  const scale = series.scalesWithUsage ? Math.max(0, trend) : 1;
  const weekly = scale * series.weeklyAmplitude * Math.cos((2 * Math.PI * (day - series.weeklyPhase)) / 7);
  const sawtooth =
    series.sawtoothPeriodDays > 0 ? series.sawtoothDepth * Math.max(0, trend) * (fraction(day / series.sawtoothPeriodDays) - 0.5) : 0;
  const value = trend + weekly + sawtooth + scale * series.noise * smoothNoise(series.noiseSeed, day);
  return Math.min(series.capacityGb * USAGE_CEILING, Math.max(0, value));
}

/** The highest of the day's hourly samples, as a daily rollup of `used_gb_max` would record it. */
export function dailyMaxUsage(series: UsageSeries, day: number): number {
  let max = 0;
  for (let hour = 0; hour < 24; hour++) max = Math.max(max, usageAt(series, Math.floor(day) + hour / 24));
  return max;
}

/** First (fractional) day the trend reaches capacityGb; 0 if it starts there; null if it never does. */
export function trueExhaustionDay(series: UsageSeries): number | null {
  const { startGb, capacityGb, dailyGrowthGb, stepDay, stepGrowthFactor, compoundingRate } = series;
  if (startGb >= capacityGb) return 0;
  if (compoundingRate > 0) return startGb > 0 ? Math.log(capacityGb / startGb) / compoundingRate : null;
  const firstLeg = stepDay ?? Infinity;
  if (dailyGrowthGb > 0) {
    const day = (capacityGb - startGb) / dailyGrowthGb;
    if (day <= firstLeg) return day;
  }
  if (stepDay === null) return null;
  const atStep = trendAt(series, stepDay);
  const laterGrowth = dailyGrowthGb * stepGrowthFactor;
  return laterGrowth > 0 ? stepDay + (capacityGb - atStep) / laterGrowth : null;
}

const fraction = (x: number) => x - Math.floor(x);

/** Roughly standard normal noise, continuous in `day`: hashed knots, linearly interpolated. */
function smoothNoise(noiseSeed: number, day: number): number {
  const position = day * NOISE_KNOTS_PER_DAY;
  const knot = Math.floor(position);
  const weight = position - knot;
  return knotNoise(noiseSeed, knot) * (1 - weight) + knotNoise(noiseSeed, knot + 1) * weight;
}

/** Sum of three hashed uniforms, rescaled to mean 0 and variance 1 (close enough to normal). */
function knotNoise(noiseSeed: number, knot: number): number {
  let sum = 0;
  for (let i = 0; i < 3; i++) sum += hashUnit(noiseSeed, knot * 3 + i);
  return (sum - 1.5) * 2;
}

/** A fast integer hash (murmur3 finaliser) to [0, 1): sha256 per sample would be too slow for backfills. */
function hashUnit(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n | 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}
