import { describe, expect, it } from 'vitest';
import {
  USAGE_CEILING,
  USAGE_FAMILIES,
  dailyMaxUsage,
  trendAt,
  trueExhaustionDay,
  usageAt,
  usageSeriesFor,
  type UsageSeries,
} from '../../services/providers/simulated/usage-series';

const keys = Array.from({ length: 400 }, (_, i) => `cluster-${i}`);
const fleet = (seed: number) => keys.map((key) => usageSeriesFor(seed, key, 1000));

describe('simulated usage series', () => {
  it('is a pure function of seed and key', () => {
    expect(usageSeriesFor(7, 'orders', 500)).toEqual(usageSeriesFor(7, 'orders', 500));
    expect(usageSeriesFor(7, 'orders', 500)).not.toEqual(usageSeriesFor(8, 'orders', 500));
    const series = usageSeriesFor(7, 'orders', 500);
    for (const day of [0, 0.5, 13.37, 119.99, 400]) expect(usageAt(series, day)).toBe(usageAt(usageSeriesFor(7, 'orders', 500), day));
  });

  it('honours an explicit starting fill', () => {
    const series = usageSeriesFor(1, 'sessions', 200, 0.4);
    expect(series.startGb).toBeCloseTo(80);
    expect(trendAt(series, 0)).toBeCloseTo(80);
  });

  it('stays within [0, capacity × USAGE_CEILING]', () => {
    for (const series of fleet(3)) {
      let low = Infinity;
      let high = -Infinity;
      for (let hour = 0; hour < 400 * 24; hour += 7) {
        const value = usageAt(series, hour / 24);
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(series.capacityGb * USAGE_CEILING);
    }
  });

  it('reports the day the trend crosses capacity, and null when it never does', () => {
    let crossing = 0;
    for (const series of fleet(5)) {
      const day = trueExhaustionDay(series);
      if (day === null) {
        expect(trendAt(series, 10_000)).toBeLessThan(series.capacityGb);
        continue;
      }
      crossing++;
      expect(trendAt(series, day)).toBeCloseTo(series.capacityGb, 6);
      if (day > 0.01) expect(trendAt(series, day - 0.01)).toBeLessThan(series.capacityGb);
    }
    expect(crossing).toBeGreaterThan(100);
  });

  it('mixes every family: some fill within 20–200 days of day 120, many not within a year, some flat or shrinking', () => {
    const series = fleet(11);
    const daysLeftAt120 = series.map((s) => trueExhaustionDay(s)).map((d) => (d === null ? Infinity : d - 120));
    const within = (lo: number, hi: number) => daysLeftAt120.filter((d) => d >= lo && d <= hi).length;
    expect(within(20, 200)).toBeGreaterThan(30);
    expect(daysLeftAt120.filter((d) => d > 365).length).toBeGreaterThan(150);
    expect(series.filter((s) => s.profile !== 'growing').length).toBeGreaterThan(60);
    expect(series.filter((s) => s.stepDay !== null && s.stepGrowthFactor >= 2).length).toBeGreaterThan(20);
    expect(series.filter((s) => s.stepDay !== null && s.stepGrowthFactor < 1).length).toBeGreaterThan(20);
    expect(series.filter((s) => s.sawtoothDepth > 0).length).toBeGreaterThan(40);
    for (const family of USAGE_FAMILIES) expect(series.filter((s) => s.family === family).length).toBeGreaterThan(20);
  });

  it('compounds at 0.3–1% a day, with a weekly cycle and noise that grow with usage', () => {
    const series = usageSeriesFor(3, 'young-product', 1000, undefined, 'compounding');
    expect(series.compoundingRate).toBeGreaterThanOrEqual(0.003);
    expect(series.compoundingRate).toBeLessThanOrEqual(0.01);
    expect(trendAt(series, 100) / trendAt(series, 0)).toBeCloseTo(Math.exp(100 * series.compoundingRate), 6);
    const day = trueExhaustionDay(series)!;
    expect(trendAt(series, day)).toBeCloseTo(1000, 6);
    // The weekly swing at twice the usage is twice as wide.
    const swing = (from: number) => {
      const hours = Array.from({ length: 7 * 24 }, (_, h) => usageAt(series, from + h / 24) - trendAt(series, from + h / 24));
      return Math.max(...hours) - Math.min(...hours);
    };
    const doubled = Math.log(2) / series.compoundingRate;
    expect(swing(doubled) / swing(0)).toBeGreaterThan(1.5);
    expect(swing(doubled) / swing(0)).toBeLessThan(2.6);
  });

  it('has a weekly cycle and a compaction sawtooth around the trend, whose mean it keeps', () => {
    const compacting = fleet(13).find((s) => s.sawtoothDepth > 0.1 && s.profile === 'growing' && trueExhaustionDay(s)! > 400)!;
    const drops = countDrops(compacting, 0, 60);
    expect(drops).toBeGreaterThanOrEqual(Math.floor(60 / compacting.sawtoothPeriodDays) - 1);
    const residuals = Array.from({ length: 28 * 24 }, (_, h) => usageAt(compacting, 30 + h / 24) - trendAt(compacting, 30 + h / 24));
    const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
    expect(Math.abs(mean)).toBeLessThan(compacting.sawtoothDepth * compacting.startGb * 0.1);
    expect(dailyMaxUsage(compacting, 10)).toBeGreaterThanOrEqual(usageAt(compacting, 10.5));
  });
});

function countDrops(series: UsageSeries, from: number, to: number): number {
  let drops = 0;
  for (let hour = from * 24; hour < to * 24; hour++) {
    const fall = usageAt(series, hour / 24) - usageAt(series, (hour + 1) / 24);
    if (fall > series.sawtoothDepth * series.startGb * 0.5) drops++;
  }
  return drops;
}
