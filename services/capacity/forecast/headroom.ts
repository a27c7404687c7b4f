import { crossings, forecastSeries, type Forecast, type ForecastInput } from './forecast';
import { lastPresent } from './series-values';

export interface HeadroomChange {
  /** +30 = 30% more writes. Growth is taken to be write-driven, so the growth is multiplied by 1.3. */
  writesPercent?: number;
  /** Extra growth per day, in the unit of the forecast's values (GB when values are used GB). */
  addGbPerDay?: number;
}

/**
 * The forecast as it would be after a change in load: each day h adds (m − 1) · growth · h +
 * add · h to the central value and both interval edges. Only growth can be scaled, so a flat or
 * shrinking cluster is not made to shrink faster by more writes. Pass `base` to reuse a forecast
 * already computed from the same input.
 */
export function headroom(input: ForecastInput, change: HeadroomChange, base: Forecast = forecastSeries(input)): Forecast {
  const writesPercent = change.writesPercent ?? 0;
  const addPerDay = change.addGbPerDay ?? 0;
  if (!Number.isFinite(writesPercent) || writesPercent < -100)
    throw new RangeError(`writesPercent must be a number ≥ -100, got ${writesPercent}`);
  if (!Number.isFinite(addPerDay)) throw new RangeError(`addGbPerDay must be a finite number, got ${addPerDay}`);
  if (base.method === 'insufficient-history') return base;
  const extraPerDay = (writesPercent / 100) * Math.max(0, base.dailyGrowth) + addPerDay;
  const points = base.points.map((p) => {
    const extra = extraPerDay * p.day;
    return { day: p.day, value: Math.max(0, p.value + extra), low: Math.max(0, p.low + extra), high: Math.max(0, p.high + extra) };
  });
  return {
    ...base,
    points,
    dailyGrowth: base.dailyGrowth + extraPerDay,
    ...crossings(points, input.capacity, lastPresent(input.values)),
  };
}

/** The exhaustion day (days after the last value; null = beyond the horizon) after the change. */
export function exhaustionDayAfter(input: ForecastInput, change: HeadroomChange, base?: Forecast): number | null {
  return headroom(input, change, base).exhaustionDay;
}

export { nodesNeeded, instanceTypeNeeded, type SizableInstance } from './scale-to';
