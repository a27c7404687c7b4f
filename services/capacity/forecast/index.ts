export { forecastSeries, DEFAULT_LEVEL, MIN_VALUES_HOLT_WINTERS, MIN_VALUES_LINEAR } from './forecast';
export type { Forecast, ForecastInput, ForecastPoint } from './forecast';
export { naiveExhaustionDay } from './baseline';
export { headroom, exhaustionDayAfter, nodesNeeded, instanceTypeNeeded } from './headroom';
export type { HeadroomChange, SizableInstance } from './headroom';
export { summariseAccuracy } from './accuracy';
export type { AccuracySummary, ScoredPrediction } from './accuracy';
