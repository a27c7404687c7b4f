import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../../services/capacity/forecast/forecast';
import { dailyMaxUsage, usageSeriesFor } from '../../services/providers/simulated/usage-series';

const history = 120;
const ahead = 60;

function generated(i: number) {
  const series = usageSeriesFor(2024, `interval-${i}`, 1000);
  const peaks = Array.from({ length: history + ahead }, (_, day) => dailyMaxUsage(series, day));
  return { series, past: peaks.slice(0, history), future: peaks.slice(history) };
}

describe('prediction intervals', () => {
  it('widen with the horizon', () => {
    for (let i = 0; i < 20; i++) {
      const { past } = generated(i);
      const { points } = forecastSeries({ values: past, capacity: 1e6, horizonDays: 180 });
      // Where the low edge is clamped at zero (a shrinking cluster) the band is cut, not narrowed.
      const widths = points.filter((p) => p.low > 0).map((p) => p.high - p.low);
      for (let d = 1; d < widths.length; d++) expect(widths[d]!).toBeGreaterThanOrEqual(widths[d - 1]! - 1e-9);
      expect(widths.at(-1)!).toBeGreaterThan(widths[0]! * 1.1);
    }
  });

  it('are wider at a higher level', () => {
    const { past } = generated(1);
    const at = (level: number) => forecastSeries({ values: past, capacity: 1e6, horizonDays: 30, level }).points[29]!;
    expect(at(0.95).high - at(0.95).low).toBeGreaterThan(at(0.8).high - at(0.8).low);
  });

  it('contain the generated future in most cases at the 80% level', () => {
    let inside = 0;
    let total = 0;
    let clustersMostlyInside = 0;
    const clusters = 200;
    for (let i = 0; i < clusters; i++) {
      const { past, future } = generated(i);
      const { points } = forecastSeries({ values: past, capacity: 1e6, horizonDays: ahead });
      const hits = points.filter((p, d) => future[d]! >= p.low && future[d]! <= p.high).length;
      inside += hits;
      total += ahead;
      if (hits >= ahead / 2) clustersMostlyInside++;
    }
    // Pointwise coverage near the nominal 80%, neither far below (overconfident) nor trivially wide.
    expect(inside / total).toBeGreaterThan(0.72);
    expect(inside / total).toBeLessThan(0.92);
    expect(clustersMostlyInside / clusters).toBeGreaterThan(0.8);
  });
});
