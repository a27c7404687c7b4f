import { between, unitFrom } from './randomness';

/**
 * A simulated cluster's storage (or memory) usage over time, with a known truth.
 *
 * usage(day) = trend(day) + weekly cycle + compaction sawtooth + noise, clamped to
 * [0, capacityGb × USAGE_CEILING]. The trend is piecewise linear: `dailyGrowthGb` until `stepDay`,
 * `dailyGrowthGb × stepGrowthFactor` after it (a feature goes live, or a retention policy slows
 * growth). Cycle, sawtooth and noise have mean zero, so the trend is the series' mean and
 * `trueExhaustionDay` is exact; the daily peaks cross capacity somewhat earlier than the trend does.
 * Everything is a pure function of (seed, key): no state, so history backfill and live points agree.
 */
export interface UsageSeries {
  /** Trend at day 0, GB. */
  startGb: number;
  /** The usable capacity (fill 1.0), GB. */
  capacityGb: number;
  /** Trend growth before the step, GB per day; negative for a shrinking cluster. */
  dailyGrowthGb: number;
  /** Day the growth changes; null = never. */
  stepDay: number | null;
  /** Growth after stepDay = dailyGrowthGb × this (2–4 for a feature launch, below 1 for a retention policy). */
  stepGrowthFactor: number;
  /** Half the weekday-to-weekend swing, GB. */
  weeklyAmplitude: number;
  /** Day of the week (0–7) the weekly cycle peaks at. */
  weeklyPhase: number;
  /** Days between compactions; 0 = no sawtooth. */
  sawtoothPeriodDays: number;
  /** Share of the trend that a compaction reclaims (0.05–0.15), 0 = none. */
  sawtoothDepth: number;
  /** Standard deviation of the noise, GB. */
  noise: number;
  /** What kind of cluster this is, for reading test output and reports. */
  profile: 'growing' | 'flat' | 'shrinking';
  /** Integer seed of the noise; derived from (seed, key). */
  noiseSeed: number;
}

/** Usage never goes below 0 nor above capacity × this: an engine near full stops taking writes. */
export const USAGE_CEILING = 1.05;
/** Noise is drawn at hourly knots and interpolated between them, so usageAt is continuous. */
const NOISE_KNOTS_PER_DAY = 24;

export function usageSeriesFor(seed: number, key: string, capacityGb: number, startFill?: number): UsageSeries {
  const draw = (min: number, max: number, what: string) => between(seed, min, max, key, 'usage', what);
  const startGb = capacityGb * (startFill ?? draw(0.15, 0.6, 'start'));
  const roll = unitFrom(seed, key, 'usage', 'profile');
  const profile = roll < 0.12 ? 'shrinking' : roll < 0.3 ? 'flat' : 'growing';
  let dailyGrowthGb: number;
  if (profile === 'growing') {
    // Days until the trend alone would fill the cluster: log-uniform from 5 months to 8 years.
    const daysToFill = Math.exp(draw(Math.log(150), Math.log(3000), 'days-to-fill'));
    dailyGrowthGb = Math.max(0, capacityGb - startGb) / daysToFill;
  } else if (profile === 'flat') {
    dailyGrowthGb = capacityGb * draw(-0.0001, 0.0001, 'growth');
  } else {
    dailyGrowthGb = -startGb * draw(0.0005, 0.003, 'growth');
  }
  const stepped = profile === 'growing' && unitFrom(seed, key, 'usage', 'stepped') < 0.35;
  const slows = unitFrom(seed, key, 'usage', 'step-kind') < 0.15;
  const compacts = unitFrom(seed, key, 'usage', 'compacts') < 0.4;
  return {
    startGb,
    capacityGb,
    dailyGrowthGb,
    profile,
    stepDay: stepped ? Math.round(draw(20, 240, 'step-day')) : null,
    stepGrowthFactor: !stepped ? 1 : slows ? draw(0.3, 0.6, 'step-factor') : draw(2, 4, 'step-factor'),
    weeklyAmplitude: capacityGb * draw(0.001, 0.012, 'weekly'),
    weeklyPhase: draw(0, 7, 'weekly-phase'),
    sawtoothPeriodDays: compacts ? draw(2, 6, 'sawtooth-period') : 0,
    sawtoothDepth: compacts ? draw(0.05, 0.15, 'sawtooth-depth') : 0,
    noise: capacityGb * draw(0.001, 0.004, 'noise'),
    noiseSeed: Math.floor(unitFrom(seed, key, 'usage', 'noise-seed') * 2 ** 32),
  };
}

/** The noiseless trend at fractional `day` (no cycle, sawtooth or noise), GB; may leave [0, capacity]. */
export function trendAt(series: UsageSeries, day: number): number {
  const { startGb, dailyGrowthGb, stepDay, stepGrowthFactor } = series;
  if (stepDay === null || day <= stepDay) return startGb + dailyGrowthGb * day;
  return startGb + dailyGrowthGb * stepDay + dailyGrowthGb * stepGrowthFactor * (day - stepDay);
}

/** GB used at fractional `day` (0 = series start), within [0, capacityGb × USAGE_CEILING]. */
export function usageAt(series: UsageSeries, day: number): number {
  const trend = trendAt(series, day);
  const weekly = series.weeklyAmplitude * Math.cos((2 * Math.PI * (day - series.weeklyPhase)) / 7);
  const sawtooth =
    series.sawtoothPeriodDays > 0 ? series.sawtoothDepth * Math.max(0, trend) * (fraction(day / series.sawtoothPeriodDays) - 0.5) : 0;
  const value = trend + weekly + sawtooth + series.noise * smoothNoise(series.noiseSeed, day);
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
  const { startGb, capacityGb, dailyGrowthGb, stepDay, stepGrowthFactor } = series;
  if (startGb >= capacityGb) return 0;
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
