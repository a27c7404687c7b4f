import { describe, expect, it } from 'vitest';
import { heldAtStartGb, seriesOf } from '../../services/providers/simulated/usage-track';
import { trendAt, usageAt, usageSeriesFor, USAGE_FAMILIES } from '../../services/providers/simulated/usage-series';

const DAY = 120.4;
const keys = Array.from({ length: 700 }, (_, i) => `2f1c0d6e-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe("a new simulated cluster's history ends at the data its team expected", () => {
  it('puts every family’s trend on the expected data, and the day’s usage near it', () => {
    const families = new Set<string>();
    for (const [i, key] of keys.entries()) {
      const capacity = 570;
      const expected = capacity * (0.05 + 0.9 * (i / keys.length));
      const series = seriesOf(42, key, capacity, { day: DAY, gb: expected });
      families.add(series.family);
      expect(trendAt(series, DAY)).toBeCloseTo(expected, 6);
      // Cycle, sawtooth and noise stay near the trend.
      expect(Math.abs(usageAt(series, DAY) - expected)).toBeLessThan(capacity * 0.15);
      // Its family and shape are the seed's: only where it sits moved.
      const drawn = usageSeriesFor(42, key, capacity);
      expect({ ...series, startGb: 0, dailyGrowthGb: 0 }).toEqual({ ...drawn, startGb: 0, dailyGrowthGb: 0 });
      if (series.profile === 'growing') expect(trendAt(series, DAY + 30)).toBeGreaterThan(expected);
      if (series.profile === 'shrinking') expect(trendAt(series, DAY + 30)).toBeLessThan(expected);
    }
    expect([...families].sort()).toEqual([...USAGE_FAMILIES].sort());
  });

  it('keeps a growing series’ time to fill, counted from the anchor', () => {
    const key = keys.find((k) => usageSeriesFor(42, k, 1000).family === 'linear')!;
    const drawn = usageSeriesFor(42, key, 1000);
    const daysToFill = (1000 - drawn.startGb) / drawn.dailyGrowthGb;
    const series = seriesOf(42, key, 1000, { day: DAY, gb: 400 });
    expect((1000 - 400) / series.dailyGrowthGb).toBeCloseTo(daysToFill, 6);
  });

  it('holds 40–80% of the expected data, or of the capacity where that is less, so a new cluster is never full', () => {
    const shares = keys.map((key) => heldAtStartGb(42, key, 100, 1000) / 100);
    expect(Math.min(...shares)).toBeGreaterThanOrEqual(0.4);
    expect(Math.max(...shares)).toBeLessThanOrEqual(0.8);
    expect(Math.max(...keys.map((key) => heldAtStartGb(42, key, 5000, 100)))).toBeLessThanOrEqual(80);
    // The day's usage (trend, cycle, sawtooth, noise) stays under a capacity sized to the expected data.
    for (const key of keys) {
      const series = seriesOf(42, key, 100, { day: DAY, gb: heldAtStartGb(42, key, 100, 100) });
      for (let hour = 0; hour < 24; hour++) expect(usageAt(series, DAY + hour / 24)).toBeLessThan(100);
    }
  });

  it('asks no more than the capacity', () => {
    const series = seriesOf(42, keys[0]!, 100, { day: DAY, gb: 5000 });
    expect(trendAt(series, DAY)).toBeCloseTo(100, 6);
  });
});
