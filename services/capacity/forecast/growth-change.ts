import { recentLine } from './recent-line';
import { RECENT_DAYS, type FittedTrend } from './trend-forms';

/**
 * Whether the growth of the last `window` days disagrees with the chosen form's by more than its
 * own noise explains: a growth rate that changed in the last weeks, which the chosen form (fitted
 * to months of the old regime) has not caught up with, and which the backtest errors (almost all
 * from the old regime) do not yet show either.
 *
 * The line's slope has the standard error σ / √Σ(t − t̄)²; the envelope is a running weekly
 * maximum, so its days are far from independent: the error is widened as if only one day in
 * ENVELOPE_DEPENDENCE were. A change must exceed CHANGE_Z such errors and CHANGE_SHARE of the
 * chosen growth, so that a steady series' noise never reads as one.
 */
const ENVELOPE_DEPENDENCE = 7;
const CHANGE_Z = 2;
const CHANGE_SHARE = 0.3;
/** The last fortnight, in which a speed-up the four-week line shows must still hold. */
export const FORTNIGHT_DAYS = 14;

export type GrowthChange = 'faster' | 'slower' | null;

/** A form's growth over the first day after `origin`. */
export const growthOf = (trend: FittedTrend, origin: number) => trend.at(origin, 2) - trend.at(origin, 1);

/**
 * The growth the chosen form's forecast runs on, which the recent lines are weighed against. For a
 * form that adds GB a day, its growth at the last of its tested horizons (`testedDays`): today's
 * for a straight form, but a damped form's has faded there to φ^testedDays of today's and is held
 * at that (`heldPastTested`). Weighed by today's growth instead, a damped form chosen weeks after
 * a slowdown (backtests spanning the slowdown favour a fading trend) agreed with the recent weeks
 * while forecasting a third of their growth: on the tuning seeds its 22 crossings after a growth
 * change were 148 days late on average. A compounding form's growth compounds by design and is
 * judged by today's. No `testedDays`: today's.
 */
export function runningGrowth(trend: FittedTrend, origin: number, testedDays?: number): number {
  if (testedDays === undefined || trend.multiplicative) return growthOf(trend, origin);
  const last = Math.max(2, testedDays);
  return trend.at(origin, last) - trend.at(origin, last - 1);
}

/** The standard error of a `window`-day line's slope, widened as if only every ENVELOPE_DEPENDENCE-th day were independent. */
const slopeError = (line: Pick<FittedTrend, 'residualStd'>, window: number) =>
  (line.residualStd / Math.sqrt((window * (window ** 2 - 1)) / 12)) * Math.sqrt(ENVELOPE_DEPENDENCE);

/** 'faster' or 'slower' when the line through the last `window` days tells a growth the chosen form's noise cannot explain, else null. */
export function growthChange(
  chosen: FittedTrend,
  line: FittedTrend,
  origin: number,
  window = RECENT_DAYS,
  testedDays?: number,
): GrowthChange {
  const [chosenGrowth, lineGrowth] = [runningGrowth(chosen, origin, testedDays), growthOf(line, origin)];
  const error = slopeError(line, window);
  const gap = lineGrowth - chosenGrowth;
  if (!(Math.abs(gap) > CHANGE_Z * error && Math.abs(gap) > CHANGE_SHARE * Math.abs(chosenGrowth))) return null;
  return gap > 0 ? 'faster' : 'slower';
}

/**
 * Whether the recent line takes the forecast over from the chosen form. The two mistakes do not
 * cost the same: growth read as slower than it is delays a notice by days; growth read as faster
 * raises one nobody needed. A slowdown the four-week line shows is believed; a speed-up must also
 * hold over the last fortnight, because the four-week line through a compaction sawtooth's or a
 * weekly cycle's staircase tilts with where the window starts and ends on its steps, and a tilt
 * read as a speed-up was what gave the trend-choosing model its extra false alarms over the model
 * before it (held-out backtest, hides of 56 days: four weeks of a 5.6-day sawtooth read as +43%).
 */
export function recentLineTakesOver(
  chosen: FittedTrend,
  recent: FittedTrend,
  fortnight: FittedTrend,
  origin: number,
  testedDays?: number,
): boolean {
  const change = growthChange(chosen, recent, origin, RECENT_DAYS, testedDays);
  if (change === 'slower') return true;
  return change === 'faster' && growthOf(fortnight, origin) > (1 + CHANGE_SHARE) * runningGrowth(chosen, origin, testedDays);
}

/** The horizon the recent misses are read at: a week, so that a weekly cycle's phase cancels out. */
const MISS_HORIZON = 7;
/** The last this many days must all have missed low, each below the lowest LOW_MISS_SHARE of the older misses at that horizon. */
const MISS_DAYS = 4;
const LOW_MISS_SHARE = 0.05;

/**
 * A slowdown of the last days, before any line through weeks can show it: the chosen form's
 * week-ahead forecasts for each of the last MISS_DAYS days overshot the envelope by more than all
 * but the lowest LOW_MISS_SHARE of its week-ahead misses before that. Each series is judged
 * against its own record, so the steps of a compaction sawtooth or a weekly cycle, which make
 * such misses common, raise the bar where they occur. A form fitted to months of the old growth
 * keeps forecasting it for weeks; a slowdown read late costs a notice nobody needed.
 */
export function recentSlowdown(chosen: FittedTrend, envelope: readonly number[], firstOrigin: number): boolean {
  const last = envelope.length - 1;
  const miss = (t: number) => {
    const predicted = chosen.at(t - MISS_HORIZON, MISS_HORIZON);
    return chosen.multiplicative ? Math.log(envelope[t]! / predicted) : envelope[t]! - predicted;
  };
  const older: number[] = [];
  for (let t = firstOrigin + MISS_HORIZON; t <= last - MISS_HORIZON; t++) if (!Number.isNaN(envelope[t]!)) older.push(miss(t));
  if (older.length < 1 / LOW_MISS_SHARE) return false;
  older.sort((a, b) => a - b);
  const bar = Math.min(0, older[Math.floor(LOW_MISS_SHARE * older.length)]!);
  for (let t = last - MISS_DAYS + 1; t <= last; t++) if (!(miss(t) < bar)) return false;
  return true;
}

/** The line whose growth is read now and ACCELERATION_LAG days earlier: six weeks, so that the earlier one ends four weeks back and starts ten weeks back. */
const ACCELERATION_WINDOW = 42;
const ACCELERATION_LAG = 28;
/** A compounding form's growth must have risen over the lag by at least this share of what its rate implies. */
const ACCELERATION_SHARE = 0.5;

/**
 * Whether a compounding form's growth rate is belied by the envelope: over the last
 * ACCELERATION_LAG days, a compounding trend's GB a day rises by e^(rate × lag), while the line
 * through the last ACCELERATION_WINDOW days grew by less than ACCELERATION_SHARE of that (in log
 * terms), and by more than CHANGE_Z of the two slopes' noise less. A straight growth that sped up
 * weeks before looks compounding to the backtests that span the speed-up (a smoothed log trend
 * takes the new growth up faster than a line or an additive trend does), but it has stopped rising
 * since: forecast as compounding, its crossing comes weeks early.
 */
export function accelerationBelied(chosen: FittedTrend, envelope: readonly number[]): boolean {
  if (!chosen.multiplicative) return false;
  const origin = envelope.length - 1;
  if (origin - ACCELERATION_LAG < ACCELERATION_WINDOW) return false;
  const rate = Math.log(chosen.at(origin, 2) / chosen.at(origin, 1));
  if (!(rate > 0)) return false;
  const line = recentLine(envelope, ACCELERATION_WINDOW);
  const [now, then] = [origin, origin - ACCELERATION_LAG].map((o) => line.at(o, 2) - line.at(o, 1)) as [number, number];
  if (!(now > 0 && then > 0)) return false;
  const [rose, expected] = [Math.log(now / then), rate * ACCELERATION_LAG];
  return rose < ACCELERATION_SHARE * expected && expected - rose > CHANGE_Z * Math.SQRT2 * (slopeError(line, ACCELERATION_WINDOW) / now);
}
