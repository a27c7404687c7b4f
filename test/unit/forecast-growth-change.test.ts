import { describe, expect, it } from 'vitest';
import { peakEnvelope } from '../../services/capacity/forecast/envelope';
import { forecastSeries } from '../../services/capacity/forecast/forecast';
import { accelerationBelied, growthChange, recentLineTakesOver } from '../../services/capacity/forecast/growth-change';
import { chooseTrend } from '../../services/capacity/forecast/trend-choice';
import { fitTrendForms, type FittedTrend } from '../../services/capacity/forecast/trend-forms';
import { dailyMaxUsage, usageSeriesFor } from '../../services/providers/simulated/usage-series';

const wobble = (t: number) => Math.sin(t * 12.9898) * 0.5 + Math.sin(t * 78.233) * 0.5;
const series = (days: number, f: (t: number) => number) => Array.from({ length: days }, (_, t) => f(t));
const truthDay = (f: (t: number) => number, lastIndex: number, capacity: number) => {
  for (let day = 1; day <= 2000; day++) if (f(lastIndex + day) >= capacity) return day;
  return null;
};
const stepDay = 100;
/** 1 GB a day, then `factor` GB a day from stepDay on, with a weekly cycle and noise. */
const stepped =
  (factor: number, base = 1) =>
  (t: number) =>
    300 + base * t + (t > stepDay ? (factor - base) * (t - stepDay) : 0) + 6 * Math.cos((2 * Math.PI * t) / 7) + 2 * wobble(t);

describe('a growth change in the last weeks', () => {
  it('is not read into a steady series, however it cycles', () => {
    const envelope = peakEnvelope(series(120, stepped(1)));
    const choice = chooseTrend(envelope);
    expect(growthChange(choice.trend, choice.recent, envelope.length - 1)).toBeNull();
  });

  it('holds the crossing in a band with a date at both ends, three weeks after growth quadrupled', () => {
    const faster = stepped(4);
    const days = stepDay + 21;
    const forecast = forecastSeries({ values: series(days, faster), capacity: 1500, horizonDays: 365 });
    const truth = truthDay(faster, days - 1, 1500)!;
    expect(forecast.earliestDay!).toBeLessThanOrEqual(truth);
    expect(forecast.latestDay).not.toBeNull();
    expect(forecast.latestDay!).toBeGreaterThanOrEqual(truth);
  });

  it('raises no alarm on the growth a slowdown left behind', () => {
    // 4 GB a day, a quarter of that since day 100: the old growth fills 1,000 GB within 90 days, the new one does not.
    const slowed = stepped(1, 4);
    const days = stepDay + 21;
    const forecast = forecastSeries({ values: series(days, slowed), capacity: 1000, horizonDays: 365 });
    expect(truthDay(slowed, days - 1, 1000)!).toBeGreaterThan(200);
    expect(forecast.exhaustionDay === null || forecast.exhaustionDay > 90).toBe(true);
  });

  it('dates both ends of the band after a slowdown, the low edge growing all the way', () => {
    // 4 GB a day, a quarter of that for the last four weeks: about 250 days left at the new growth.
    const slowed = stepped(1, 4);
    const days = stepDay + 28;
    const values = series(days, slowed);
    const capacity = Math.round(slowed(days - 1) + 250);
    const truth = truthDay(slowed, days - 1, capacity)!;
    const forecast = forecastSeries({ values, capacity, horizonDays: 365 });
    expect(forecast.earliestDay).not.toBeNull();
    expect(forecast.earliestDay!).toBeLessThanOrEqual(truth);
    expect(forecast.latestDay).not.toBeNull();
    expect(forecast.latestDay!).toBeGreaterThanOrEqual(truth);
    for (let i = 1; i < forecast.points.length; i++) expect(forecast.points[i]!.low).toBeGreaterThanOrEqual(forecast.points[i - 1]!.low);
  });
});

/** A straight line growing `growth` a day from every origin, fitted with the given residual. */
const line = (growth: number, residualStd = 0.1): FittedTrend => ({
  form: 'recent-line',
  multiplicative: false,
  at: (origin, h) => 100 + growth * (origin + h),
  residualStd,
});

describe('which growth change hands the forecast to the recent line', () => {
  const origin = 119;

  it('believes a slowdown of the last four weeks at once', () => {
    expect(recentLineTakesOver(line(4), line(1), line(4), origin)).toBe(true);
  });

  it('believes a speed-up only when the last fortnight holds it too', () => {
    expect(recentLineTakesOver(line(1), line(1.6), line(1.6), origin)).toBe(true);
    // A four-week line tilted by where the window starts on a staircase; the fortnight grows as before.
    expect(recentLineTakesOver(line(1), line(1.6), line(1.1), origin)).toBe(false);
  });

  it('weighs a damped form by the growth it fades to over its tested horizons, not by today’s', () => {
    // Growing 1 GB a day today like the recent weeks, but fading at φ = 0.98: a third of that 49 days on.
    const damped: FittedTrend = { ...line(1), form: 'damped', at: (o, h) => 100 + o + (0.98 * (1 - 0.98 ** h)) / (1 - 0.98) };
    expect(growthChange(damped, line(1), origin)).toBeNull();
    expect(growthChange(damped, line(1), origin, 28, 49)).toBe('faster');
    expect(recentLineTakesOver(damped, line(1), line(1), origin, 49)).toBe(true);
    // A straight form runs on today's growth whatever the horizon.
    expect(recentLineTakesOver(line(1), line(1), line(1), origin, 49)).toBe(false);
  });

  it('reads nothing into a difference within the line’s own noise', () => {
    expect(growthChange(line(1), line(1.6, 50), origin)).toBeNull();
    expect(recentLineTakesOver(line(1), line(1.6, 50), line(1.6, 50), origin)).toBe(false);
  });
});

describe('a compounding form on growth that has stopped rising', () => {
  const compoundingOf = (envelope: number[]) => fitTrendForms(envelope).find((f) => f.form === 'compounding')!;

  it('is kept for usage that grows by a share of itself', () => {
    const envelope = peakEnvelope(series(160, (t) => 60 * Math.exp(0.006 * t) * (1 + 0.003 * wobble(t))));
    expect(accelerationBelied(compoundingOf(envelope), envelope)).toBe(false);
    expect(chooseTrend(envelope).trend.multiplicative).toBe(true);
  });

  it('is belied by a straight growth that sped up ten weeks ago and has held since', () => {
    const envelope = peakEnvelope(series(stepDay + 70, stepped(3)));
    expect(accelerationBelied(compoundingOf(envelope), envelope)).toBe(true);
    expect(accelerationBelied(line(3), envelope)).toBe(false);
  });

  it('raises no alarm on a simulated cluster whose growth sped up eleven weeks before', () => {
    // Tuning seed 7, cluster 2181, 14 days hidden: the backtests spanning the speed-up chose the compounding form, which put the
    // crossing at day 81; at the new growth it comes on day 115.
    const capacity = 1755;
    const cluster = usageSeriesFor(7, 'backtest-2181', capacity, undefined, 'growth-change');
    const values = Array.from({ length: 166 }, (_, day) => dailyMaxUsage(cluster, day));
    const forecast = forecastSeries({ values, capacity, horizonDays: 365 });
    expect(forecast.trendForm).not.toMatch(/^compounding/);
    expect(forecast.exhaustionDay!).toBeGreaterThan(90);
  });
});
