import { describe, expect, it } from 'vitest';
import { peakEnvelope } from '../../services/capacity/forecast/envelope';
import { forecastSeries } from '../../services/capacity/forecast/forecast';
import { recentSlowdown } from '../../services/capacity/forecast/growth-change';
import { backtestPlan, chooseTrend } from '../../services/capacity/forecast/trend-choice';
import { heldPastTested, type FittedTrend } from '../../services/capacity/forecast/trend-forms';

const wobble = (t: number) => Math.sin(t * 12.9898) * 0.5 + Math.sin(t * 78.233) * 0.5;
const series = (days: number, f: (t: number) => number) => Array.from({ length: days }, (_, t) => f(t));
const truthDay = (f: (t: number) => number, lastIndex: number, capacity: number) => {
  for (let day = 1; day <= 2000; day++) if (f(lastIndex + day) >= capacity) return day;
  return null;
};
const days = 140;
/** `base` GB a day with a weekly cycle and noise, `factor` × base over the last `changedDays`. */
const changed =
  (base: number, factor: number, changedDays: number) =>
  (t: number): number => {
    const step = days - changedDays;
    return 300 + base * t + (t > step ? (factor - 1) * base * (t - step) : 0) + 6 * Math.cos((2 * Math.PI * t) / 7) + 2 * wobble(t);
  };
/** A compaction sawtooth: 8% of usage cleared every 4.5 days, on 3 GB a day. */
const sawtooth = (t: number) => {
  const trend = 500 + 3 * t;
  return trend + 0.08 * trend * ((t / 4.5) % 1) + 2 * wobble(t);
};
const slowdownSeen = (values: number[]) => {
  const envelope = peakEnvelope(values);
  return recentSlowdown(chooseTrend(envelope).trend, envelope, backtestPlan(envelope.length).firstOrigin);
};

describe('a slowdown of the last days', () => {
  it('is read from the week-ahead misses of the last four days, before any line through weeks shows it', () => {
    expect(slowdownSeen(series(days, changed(4, 0.2, 8)))).toBe(true);
  });

  it('is not read into steady growth, a weekly cycle or a compaction sawtooth', () => {
    expect(slowdownSeen(series(days, changed(4, 1, 0)))).toBe(false);
    for (const length of [days, days + 1, days + 2, days + 3]) expect(slowdownSeen(series(length, sawtooth))).toBe(false);
  });

  it('raises no alarm on growth that slowed to a fifth eight days ago, where the old growth would', () => {
    const slowed = changed(4, 0.2, 8);
    const capacity = Math.round(slowed(days - 1) + 4 * 70);
    expect(truthDay(slowed, days - 1, capacity)!).toBeGreaterThan(200);
    const forecast = forecastSeries({ values: series(days, slowed), capacity, horizonDays: 365 });
    expect(forecast.exhaustionDay === null || forecast.exhaustionDay > 90).toBe(true);
  });
});

describe('the band around a young speed-up', () => {
  it('keeps room in its high edge for a speed-up of the last ten days the forecast does not yet believe', () => {
    // 1 GB a day, three for the last ten days: the central forecast still runs on about 1 GB a day
    // and crosses after the horizon; the lines through the last weeks cross within it, and so does the high edge.
    const faster = changed(1, 3, 10);
    const capacity = Math.round(faster(days - 1) + 450);
    const forecast = forecastSeries({ values: series(days, faster), capacity, horizonDays: 365 });
    expect(forecast.exhaustionDay).toBeNull();
    expect(forecast.earliestDay!).toBeLessThanOrEqual(365);
    expect(forecast.earliestDay!).toBeGreaterThanOrEqual(truthDay(faster, days - 1, capacity)!);
    expect(forecast.latestDay).not.toBeNull();
  });
});

describe('a band past the horizon', () => {
  it('dates both ends of the band of a growing cluster that fills after the horizon', () => {
    const steady = changed(1, 1, 0);
    const capacity = Math.round(steady(days - 1) + 500);
    const forecast = forecastSeries({ values: series(days, steady), capacity, horizonDays: 365 });
    expect(forecast.exhaustionDay).toBeNull();
    expect(forecast.earliestDay!).toBeGreaterThan(365);
    expect(forecast.latestDay!).toBeGreaterThanOrEqual(forecast.earliestDay!);
    expect(Math.abs(forecast.earliestDay! - truthDay(steady, days - 1, capacity)!)).toBeLessThan(30);
  });

  it('dates the low edge of a cluster that slowed weeks ago, however far out it crosses', () => {
    // 4 GB a day, 1.2 for the last eight weeks: the recent line forecasts about 1.2 GB a day, and the
    // band, calibrated on backtests that span the slowdown, is wide: its low edge, rising at a quarter
    // of the growth, crosses after four times the horizon.
    const slowed = changed(4, 0.3, 56);
    const capacity = Math.round(slowed(days - 1) + 480);
    const forecast = forecastSeries({ values: series(days, slowed), capacity, horizonDays: 365 });
    expect(forecast.earliestDay!).toBeLessThanOrEqual(truthDay(slowed, days - 1, capacity)!);
    expect(forecast.latestDay!).toBeGreaterThan(4 * 365);
  });

  it('dates nothing for a flat cluster', () => {
    const flat = (t: number) => 300 + 6 * Math.cos((2 * Math.PI * t) / 7) + 2 * wobble(t);
    const forecast = forecastSeries({ values: series(days, flat), capacity: 1000, horizonDays: 365 });
    expect([forecast.exhaustionDay, forecast.earliestDay, forecast.latestDay]).toEqual([null, null, null]);
  });
});

describe('a damped form past the horizons its backtests tested', () => {
  const damped: FittedTrend = { form: 'damped', multiplicative: false, residualStd: 1, at: (o, h) => 100 + 10 * (1 - 0.9 ** h) };

  it('is damped up to the longest tested horizon, then grows on at the growth it had there', () => {
    const held = heldPastTested(damped, 28);
    expect(held.at(0, 20)).toBe(damped.at(0, 20));
    const growth = damped.at(0, 28) - damped.at(0, 27);
    expect(held.at(0, 100) - held.at(0, 99)).toBeCloseTo(growth, 10);
    expect(held.at(0, 400)).toBeGreaterThan(damped.at(0, 400));
  });

  it('leaves every other form as it is', () => {
    const line: FittedTrend = { ...damped, form: 'recent-line' };
    expect(heldPastTested(line, 28)).toBe(line);
  });
});
