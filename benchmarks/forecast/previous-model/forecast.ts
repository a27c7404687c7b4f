import { probit } from 'simple-statistics';
import { crossings, MIN_VALUES_HOLT_WINTERS, MIN_VALUES_LINEAR, type ForecastPoint } from '../../../services/capacity/forecast/forecast';
import { linearProjection } from '../../../services/capacity/forecast/linear-forecast';
import { countPresent, fillInteriorGaps, lastPresent } from '../../../services/capacity/forecast/series-values';
import { fitHoltWinters, pointForecast } from './holt-winters';
import { intervalSpread } from './interval';

export interface PreviousForecast {
  exhaustionDay: number | null;
  earliestDay: number | null;
  latestDay: number | null;
}

/**
 * The forecaster the product shipped before the trend choice and the peak envelope (commit
 * 3cc29b6): additive Holt-Winters with a weekly season on the daily values, grid-fitted on one-step
 * error, its interval the analytic one scaled up by its in-sample h-step errors; a least-squares
 * line for 7–13 days of history. Kept here, unchanged, so that every backtest scores the current
 * model against it on the same series: "no more false alarms than before" is checked in one run.
 */
export function previousForecast(input: { values: number[]; capacity: number; horizonDays: number; level: number }): PreviousForecast {
  const { capacity, horizonDays, level } = input;
  const present = countPresent(input.values);
  const values = fillInteriorGaps(input.values);
  if (present < MIN_VALUES_LINEAR) return { exhaustionDay: null, earliestDay: null, latestDay: null };
  const points: ForecastPoint[] = [];
  if (present < MIN_VALUES_HOLT_WINTERS) {
    const line = linearProjection(values, level);
    for (let day = 1; day <= horizonDays; day++) {
      const { value, spread } = line.at(day);
      points.push(point(day, value, spread));
    }
  } else {
    const fit = fitHoltWinters(values);
    const spread = intervalSpread(fit, values, horizonDays);
    const z = probit((1 + level) / 2);
    for (let day = 1; day <= horizonDays; day++) points.push(point(day, pointForecast(fit, day), z * spread[day]!));
  }
  return crossings(points, capacity, lastPresent(values));
}

function point(day: number, value: number, spread: number): ForecastPoint {
  return { day, value: Math.max(0, value), low: Math.max(0, value - spread), high: Math.max(0, value + spread) };
}
