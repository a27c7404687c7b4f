import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../../services/capacity/forecast/forecast';

/** A deterministic wobble in [-1, 1] so tests see noise without randomness. */
const wobble = (t: number) => Math.sin(t * 12.9898) * 0.5 + Math.sin(t * 78.233) * 0.5;
const series = (days: number, f: (t: number) => number) => Array.from({ length: days }, (_, t) => f(t));
/** First day after the input (which ends at lastIndex) on which f reaches capacity. */
const truthDay = (f: (t: number) => number, lastIndex: number, capacity: number) => {
  for (let day = 1; day <= 2000; day++) if (f(lastIndex + day) >= capacity) return day;
  return null;
};

describe('forecastSeries', () => {
  it("predicts a straight line's exhaustion to the day (leaning up to two days later, never earlier), and with the short-history line", () => {
    const line = (t: number) => 100 + 5 * t;
    const long = forecastSeries({ values: series(60, line), capacity: 600, horizonDays: 365 });
    expect(long.method).toBe('holt-winters');
    expect(long.exhaustionDay! - 41).toBeGreaterThanOrEqual(0);
    expect(long.exhaustionDay! - 41).toBeLessThanOrEqual(2);
    expect(long.dailyGrowth).toBeCloseTo(5, 1);
    const short = forecastSeries({ values: series(10, line), capacity: 600, horizonDays: 365 });
    expect(short.method).toBe('linear');
    expect(Math.abs(short.exhaustionDay! - 91)).toBeLessThanOrEqual(1);
  });

  it("is not fooled by a weekly cycle much larger than a day's growth", () => {
    const weekly = (t: number) => 500 + 2 * t + 40 * Math.sin((2 * Math.PI * t) / 7) + 3 * wobble(t);
    const forecast = forecastSeries({ values: series(84, weekly), capacity: 800, horizonDays: 365 });
    expect(forecast.dailyGrowth).toBeGreaterThan(1.7);
    expect(forecast.dailyGrowth).toBeLessThan(2.3);
    // The weekday peaks fill the disk first: the forecast must say so, not the trend's crossing.
    expect(Math.abs(forecast.exhaustionDay! - truthDay(weekly, 83, 800)!)).toBeLessThanOrEqual(3);
  });

  it('picks up a step change in growth within three weeks, faster or slower', () => {
    const stepDay = 100;
    const stepped = (t: number) => 300 + t + (t > stepDay ? 3 * (t - stepDay) : 0) + 2 * wobble(t);
    const before = forecastSeries({ values: series(stepDay, stepped), capacity: 1200, horizonDays: 365 });
    const after = forecastSeries({ values: series(stepDay + 21, stepped), capacity: 1200, horizonDays: 365 });
    expect(before.dailyGrowth).toBeLessThan(1.3);
    expect(after.dailyGrowth).toBeGreaterThan(3.2);
    // A slowdown to a quarter: three weeks later the forecast no longer runs on the old growth.
    const slowed = (t: number) => 300 + 4 * t - (t > stepDay ? 3 * (t - stepDay) : 0) + 2 * wobble(t);
    expect(forecastSeries({ values: series(stepDay + 21, slowed), capacity: 1200, horizonDays: 365 }).dailyGrowth).toBeLessThan(1.6);
    const truth = truthDay(stepped, stepDay + 20, 1200)!;
    expect(Math.abs(after.exhaustionDay! - truth) / truth).toBeLessThan(0.15);
  });

  it('predicts no exhaustion for flat or shrinking usage', () => {
    const flat = forecastSeries({
      values: series(120, (t) => 400 + 20 * Math.sin((2 * Math.PI * t) / 7) + 5 * wobble(t)),
      capacity: 1000,
      horizonDays: 365,
    });
    const shrinking = forecastSeries({ values: series(120, (t) => 800 - 0.8 * t + 5 * wobble(t)), capacity: 1000, horizonDays: 365 });
    for (const forecast of [flat, shrinking]) {
      expect(forecast.exhaustionDay).toBeNull();
      expect(forecast.latestDay).toBeNull();
    }
    expect(shrinking.dailyGrowth).toBeLessThan(0);
    expect(shrinking.points.every((p) => p.low >= 0)).toBe(true);
  });

  it('needs two weeks for Holt-Winters, one for a line, and gives no forecast below that', () => {
    const line = (t: number) => 10 + t;
    expect(forecastSeries({ values: series(6, line), capacity: 100, horizonDays: 30 })).toMatchObject({
      method: 'insufficient-history',
      points: [],
      exhaustionDay: null,
    });
    expect(forecastSeries({ values: series(7, line), capacity: 100, horizonDays: 30 }).method).toBe('linear');
    expect(forecastSeries({ values: series(14, line), capacity: 100, horizonDays: 30 }).method).toBe('holt-winters');
    // Missing days do not count as history.
    const gappy = series(20, line).map((v, t) => (t % 2 ? Number.NaN : v));
    expect(forecastSeries({ values: gappy, capacity: 100, horizonDays: 30 }).method).toBe('linear');
  });

  it('fills gaps and counts days from the end of the input, even when its last days are missing', () => {
    const line = (t: number) => 100 + 5 * t;
    const values = series(60, line).map((v, t) => (t % 9 === 4 || t >= 57 ? Number.NaN : v));
    values[0] = Number.NaN;
    const forecast = forecastSeries({ values, capacity: 600, horizonDays: 365 });
    expect(forecast.method).toBe('holt-winters');
    expect(forecast.exhaustionDay! - 41).toBeGreaterThanOrEqual(0);
    expect(forecast.exhaustionDay! - 41).toBeLessThanOrEqual(2);
  });

  it('reports day 0 when the last value is already at capacity, and null beyond the horizon', () => {
    expect(forecastSeries({ values: series(30, (t) => 500 + 20 * t), capacity: 1000, horizonDays: 30 })).toMatchObject({
      exhaustionDay: 0,
      earliestDay: 0,
      latestDay: 0,
    });
    const slow = forecastSeries({ values: series(30, (t) => 100 + t), capacity: 1000, horizonDays: 30 });
    expect(slow.exhaustionDay).toBeNull();
    expect(slow.points).toHaveLength(30);
    expect(slow.points[0]!.day).toBe(1);
  });

  it('rejects a horizon, level or capacity that makes no sense', () => {
    const values = series(30, (t) => t);
    expect(() => forecastSeries({ values, capacity: 100, horizonDays: 0 })).toThrow(RangeError);
    expect(() => forecastSeries({ values, capacity: 100, horizonDays: 1.5 })).toThrow(RangeError);
    expect(() => forecastSeries({ values, capacity: 100, horizonDays: 30, level: 1 })).toThrow(RangeError);
    expect(() => forecastSeries({ values, capacity: Number.NaN, horizonDays: 30 })).toThrow(RangeError);
  });
});
