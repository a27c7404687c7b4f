import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../benchmarks/forecast/nelder-mead';
import { referenceHoltWinters } from '../../benchmarks/forecast/reference-holt-winters';

describe("the backtest's Holt-Winters reference", () => {
  it('finds the minimum of a smooth function with Nelder-Mead', () => {
    const { x, value } = nelderMead(([a, b]) => (a! - 3) ** 2 + 10 * (b! + 1) ** 2, [0, 0]);
    expect(x[0]).toBeCloseTo(3, 3);
    expect(x[1]).toBeCloseTo(-1, 3);
    expect(value).toBeLessThan(1e-6);
  });

  it('forecasts a line with an additive weekly season to its crossing, with an interval around it', () => {
    const usage = (t: number) => 200 + 3 * t + 25 * Math.sin((2 * Math.PI * t) / 7);
    const values = Array.from({ length: 120 }, (_, t) => usage(t) + Math.sin(t * 12.9898));
    const forecast = referenceHoltWinters(values, 1000, 365);
    let truth = 1;
    while (usage(119 + truth) < 1000) truth++;
    // Additive Holt-Winters on daily values, from its heuristic start: within a week and a half of the truth.
    expect(Math.abs(forecast.exhaustionDay! - truth)).toBeLessThanOrEqual(10);
    expect(forecast.earliestDay!).toBeLessThanOrEqual(forecast.exhaustionDay!);
    expect(forecast.latestDay!).toBeGreaterThanOrEqual(forecast.exhaustionDay!);
  });
});
