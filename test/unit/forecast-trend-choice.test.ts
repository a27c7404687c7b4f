import { describe, expect, it } from 'vitest';
import { peakEnvelope } from '../../services/capacity/forecast/envelope';
import { forecastSeries } from '../../services/capacity/forecast/forecast';
import { chooseTrend } from '../../services/capacity/forecast/trend-choice';
import { dailyMaxUsage, usageSeriesFor, type UsageFamily } from '../../services/providers/simulated/usage-series';

const wobble = (t: number) => Math.sin(t * 12.9898) * 0.5 + Math.sin(t * 78.233) * 0.5;
const series = (days: number, f: (t: number) => number) => Array.from({ length: days }, (_, t) => f(t));
/** First day after the input (which ends at lastIndex) on which f reaches capacity. */
const truthDay = (f: (t: number) => number, lastIndex: number, capacity: number) => {
  for (let day = 1; day <= 2000; day++) if (f(lastIndex + day) >= capacity) return day;
  return null;
};

describe('the peak envelope', () => {
  it('is the highest of each day and the six before it, and leaves a missing day missing', () => {
    expect(peakEnvelope([1, 5, 2, 3, 4, 2, 1, 0, 0, 9])).toEqual([5, 5, 4, 9]);
    const gappy = peakEnvelope([1, 2, 3, 4, 5, 6, 7, Number.NaN]);
    expect(gappy[0]).toBe(7);
    expect(gappy[1]).toBeNaN();
  });
});

describe('the trend form, chosen by backtests of its own history', () => {
  it('is compounding for usage that grows by a share of itself, and its date is within days where a straight line is weeks late', () => {
    const compounding = (t: number) => 60 * Math.exp(0.008 * t) * (1 + 0.003 * wobble(t));
    const forecast = forecastSeries({ values: series(150, compounding), capacity: 1000, horizonDays: 365 });
    expect(forecast.trendForm).toMatch(/^compounding/);
    const truth = truthDay(compounding, 149, 1000)!;
    expect(Math.abs(forecast.exhaustionDay! - truth)).toBeLessThanOrEqual(4);
    // What the daily growth of today, continued in a straight line, would say.
    const straight = (1000 - compounding(149)) / forecast.dailyGrowth;
    expect(straight - truth).toBeGreaterThan(30);
  });

  it('stays additive for a straight line with noise, and never picks an exponential for it', () => {
    const line = (t: number) => 200 + 2 * t + 4 * wobble(t);
    const choice = chooseTrend(peakEnvelope(series(120, line)));
    expect(choice.trend.multiplicative).toBe(false);
    expect(Object.keys(choice.scores)).toEqual(expect.arrayContaining(['additive', 'damped', 'recent-line', 'long-line', 'compounding']));
  });

  it('plans on the peaks of a compaction sawtooth, not on its mean', () => {
    const sawtooth = (t: number) => {
      const trend = 300 + 2 * t;
      return trend + 0.12 * trend * ((t % 4) / 4 - 0.5) + wobble(t);
    };
    const forecast = forecastSeries({ values: series(120, sawtooth), capacity: 1000, horizonDays: 365 });
    const truth = truthDay(sawtooth, 119, 1000)!;
    const meanCrossing = (1000 - 300) / 2 - 119;
    expect(Math.abs(forecast.exhaustionDay! - truth)).toBeLessThanOrEqual(5);
    expect(meanCrossing - truth).toBeGreaterThan(8);
  });

  it('raises no alarm for flat or shrinking usage however it saws or cycles', () => {
    const flat = (t: number) => 700 + 40 * Math.sin((2 * Math.PI * t) / 7) + 50 * ((t % 5) / 5 - 0.5) + 5 * wobble(t);
    const shrinking = (t: number) => 850 - 0.5 * t + 20 * Math.sin((2 * Math.PI * t) / 7) + 3 * wobble(t);
    for (const f of [flat, shrinking])
      expect(forecastSeries({ values: series(120, f), capacity: 1000, horizonDays: 365 }).exhaustionDay).toBeNull();
  });
});

describe('the calibrated interval', () => {
  // 40 generated series of each family, 120 days seen, the first daily peak at capacity as the truth.
  const coverage = (family: UsageFamily) => {
    let scored = 0;
    let covered = 0;
    for (let i = 0; scored < 40 && i < 400; i++) {
      const generated = usageSeriesFor(77, `coverage-${family}-${i}`, 1000, undefined, family);
      const peaks = Array.from({ length: 485 }, (_, day) => dailyMaxUsage(generated, day));
      const history = peaks.slice(0, 120);
      if (history.some((v) => v >= 1000)) continue;
      const crossing = peaks.findIndex((v, day) => day >= 120 && v >= 1000);
      if (crossing < 0) continue;
      const truth = crossing - 119;
      const forecast = forecastSeries({ values: history, capacity: 1000, horizonDays: 365 });
      scored++;
      if (forecast.earliestDay !== null && forecast.earliestDay <= truth && (forecast.latestDay === null || forecast.latestDay >= truth))
        covered++;
    }
    return covered / scored;
  };

  it.each(['linear', 'compounding', 'sawtooth', 'scaling-weekly'] as const)(
    'covers the crossing day of %s usage near the 80% it claims',
    (family) => {
      const share = coverage(family);
      expect(share).toBeGreaterThan(0.6);
      expect(share).toBeLessThan(1);
    },
  );
});
