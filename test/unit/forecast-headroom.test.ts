import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../../services/capacity/forecast/forecast';
import { exhaustionDayAfter, headroom, instanceTypeNeeded, nodesNeeded } from '../../services/capacity/forecast/headroom';

// 100 GB growing 5 GB/day: the last value (day 59) is 395 GB, so 1,000 GB is 121 days away; the
// forecast leans two days of today's growth (10 GB) later, so a change of growth to g moves it to (605 + 10) / g.
const input = { values: Array.from({ length: 60 }, (_, t) => 100 + 5 * t), capacity: 1000, horizonDays: 365 };
const LEAN_GB = 10;
const near = (actual: number | null, expected: number) => expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1);

describe('headroom what-ifs on a linear series', () => {
  it('leaves the date alone without a change', () => {
    near(exhaustionDayAfter(input, {}), Math.ceil((605 + LEAN_GB) / 5));
  });

  it('moves the date earlier by the right amount for more writes or more GB per day', () => {
    near(exhaustionDayAfter(input, { writesPercent: 30 }), Math.ceil((605 + LEAN_GB) / 6.5));
    near(exhaustionDayAfter(input, { addGbPerDay: 5 }), Math.ceil((605 + LEAN_GB) / 10));
    near(exhaustionDayAfter(input, { writesPercent: 100, addGbPerDay: 5 }), Math.ceil((605 + LEAN_GB) / 15));
  });

  it('moves it later for fewer writes, and beyond the horizon when growth stops', () => {
    near(exhaustionDayAfter(input, { writesPercent: -50 }), Math.ceil((605 + LEAN_GB) / 2.5));
    expect(exhaustionDayAfter(input, { writesPercent: -100 })).toBeNull();
    expect(exhaustionDayAfter(input, { addGbPerDay: -5 })).toBeNull();
  });

  it('shifts the interval and the growth with the central value, and reuses a given forecast', () => {
    const base = forecastSeries(input);
    const after = headroom(input, { addGbPerDay: 5 }, base);
    expect(after.dailyGrowth).toBeCloseTo(base.dailyGrowth + 5, 6);
    expect(after.points[9]!.high - after.points[9]!.low).toBeCloseTo(base.points[9]!.high - base.points[9]!.low, 6);
    expect(after.earliestDay!).toBeLessThanOrEqual(after.exhaustionDay!);
    expect(after.latestDay!).toBeGreaterThanOrEqual(after.exhaustionDay!);
  });

  it('does not make a shrinking cluster shrink faster with more writes', () => {
    const shrinking = { values: Array.from({ length: 60 }, (_, t) => 900 - t), capacity: 1000, horizonDays: 365 };
    expect(headroom(shrinking, { writesPercent: 300 }).dailyGrowth).toBeCloseTo(forecastSeries(shrinking).dailyGrowth, 6);
    // The forecast plans on the last week's peak, 847 GB (day 53) for a cluster shrinking 1 GB a day.
    near(exhaustionDayAfter(shrinking, { addGbPerDay: 2 }), Math.ceil((1000 - 847) / 1));
  });

  it('rejects nonsense changes', () => {
    expect(() => headroom(input, { writesPercent: -150 })).toThrow(RangeError);
    expect(() => headroom(input, { addGbPerDay: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

describe('what a cluster must scale to', () => {
  it('adds partitioned nodes in whole steps, never removes any', () => {
    expect(nodesNeeded(1.3, 6, 3)).toBe(9);
    expect(nodesNeeded(1.0, 6, 3)).toBe(6);
    expect(nodesNeeded(2.0, 3, 3)).toBe(6);
    expect(nodesNeeded(2.01, 3, 3)).toBe(9);
    expect(nodesNeeded(0.4, 6, 3)).toBe(6);
    expect(nodesNeeded(1.1, 4, 1)).toBe(5);
    expect(() => nodesNeeded(-1, 3, 3)).toThrow(RangeError);
    expect(() => nodesNeeded(1, 0, 3)).toThrow(RangeError);
  });

  it('picks the smallest instance whose usable memory or disk holds the projected data', () => {
    const types = [
      { name: 'r6g.xlarge', memoryGb: 32, diskGb: 50, hourlyUsd: 0.2 },
      { name: 'r6g.large', memoryGb: 16, diskGb: 50, hourlyUsd: 0.1 },
      { name: 'r6g.2xlarge', memoryGb: 64, diskGb: 50, hourlyUsd: 0.4 },
    ];
    expect(instanceTypeNeeded(10, types, 'memoryGb', 0.7)?.name).toBe('r6g.large');
    expect(instanceTypeNeeded(20, types, 'memoryGb', 0.7)?.name).toBe('r6g.xlarge');
    expect(instanceTypeNeeded(44.8, types, 'memoryGb', 0.7)?.name).toBe('r6g.2xlarge');
    expect(instanceTypeNeeded(45, types, 'memoryGb', 0.7)).toBeNull();
  });
});
