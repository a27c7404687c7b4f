import { summariseAccuracy, type AccuracySummary, type ScoredPrediction } from '../../services/capacity/forecast/accuracy';
import { naiveExhaustionDay } from '../../services/capacity/forecast/baseline';
import { forecastSeries } from '../../services/capacity/forecast/forecast';
import { between } from '../../services/providers/simulated/randomness';
import { dailyMaxUsage, USAGE_FAMILIES, usageSeriesFor, type UsageFamily } from '../../services/providers/simulated/usage-series';
import { previousForecast } from './previous-model/forecast';
import { referenceHoltWinters } from './reference-holt-winters';

/**
 * Backtest of the days-to-exhaustion estimate on simulated clusters whose truth is known, per
 * family of usage series (an equal share of each: linear, compounding, sawtooth, scaling weekly
 * cycle, growth-rate change, flat, shrinking).
 *
 * Each cluster gets `historyDays` of daily peaks (the highest hourly sample of the day, as the daily
 * rollup records it). For each hide k, the last k days are hidden and three methods forecast from
 * the cutoff: Datafleet's model, the model it replaced (`previous-model/`), the reference (statsmodels-style additive Holt-Winters, fitted by
 * Nelder-Mead) and the naive last-week line. Their days-to-exhaustion are compared with the truth:
 * the first day after the cutoff on which the series' daily peak actually reaches capacity (a disk
 * is full the first time a peak fills it). Clusters already at capacity before the cutoff are left out.
 */
export const METHODS = ['datafleet', 'previous-model', 'holt-winters-reference', 'naive-7d'] as const;
export type Method = (typeof METHODS)[number];

export interface BacktestOptions {
  clusters: number;
  seed: number;
  /** Days hidden before forecasting, e.g. [14, 28, 56]. */
  hideDays: number[];
  historyDays?: number;
  horizonDays?: number;
  warningDays?: number;
  level?: number;
  families?: readonly UsageFamily[];
}

/**
 * A growth change after the cutoff is scored apart from one the history shows: no forecast can see
 * a launch that has not happened yet, and mixing the two would hide how fast the model adapts.
 */
export const UNSEEN_CHANGE = 'change-after-cutoff';
export type BacktestGroup = UsageFamily | 'all' | typeof UNSEEN_CHANGE;

export interface BacktestRow extends AccuracySummary {
  /** 'all' or one family (growth changes split by whether the history shows them); every hide pooled. */
  family: BacktestGroup;
  method: Method;
}

export interface BacktestReport {
  clusters: number;
  seed: number;
  historyDays: number;
  horizonDays: number;
  warningDays: number;
  level: number;
  hideDays: number[];
  /** Forecasts left out because the cluster had already reached capacity before the cutoff. */
  alreadyFull: number;
  /** How often Datafleet's model chose each trend form. */
  trendForms: Record<string, number>;
  rows: BacktestRow[];
  /** Every false alarm of the model and of the previous one: where they come from. */
  falseAlarmCases: FalseAlarmCase[];
  /** Seconds each method spent forecasting, all hides. */
  methodSeconds: Record<Method, number>;
  seconds: number;
}

/** A notice raised within the warning days on a series that fills later or never: which family, which hide. */
export interface FalseAlarmCase {
  method: Method;
  family: BacktestGroup;
  series: number;
  hideDays: number;
  predicted: number;
  truth: number | null;
  trendForm: string | null;
}

type Collected = Map<string, ScoredPrediction[]>;

export function runBacktest(options: BacktestOptions): BacktestReport {
  const { clusters, seed, hideDays } = options;
  const historyDays = options.historyDays ?? 180;
  const horizonDays = options.horizonDays ?? 365;
  const warningDays = options.warningDays ?? 90;
  const level = options.level ?? 0.8;
  const families = options.families ?? USAGE_FAMILIES;
  const started = performance.now();
  const collected: Collected = new Map();
  const add = (method: Method, group: BacktestGroup, p: ScoredPrediction) => {
    for (const key of [`${method}|${group}`, `${method}|all`]) {
      const list = collected.get(key) ?? [];
      list.push(p);
      collected.set(key, list);
    }
  };
  const methodSeconds: Record<Method, number> = { datafleet: 0, 'previous-model': 0, 'holt-winters-reference': 0, 'naive-7d': 0 };
  const falseAlarmCases: FalseAlarmCase[] = [];
  const noteFalseAlarm = (c: FalseAlarmCase) => {
    if (c.predicted <= warningDays && !(c.truth !== null && c.truth <= warningDays)) falseAlarmCases.push(c);
  };
  const timed = <T>(method: Method, f: () => T): T => {
    const t = performance.now();
    const result = f();
    methodSeconds[method] += (performance.now() - t) / 1000;
    return result;
  };
  const within = (day: number | null) => (day !== null && day <= horizonDays ? day : null);
  const trendForms: Record<string, number> = {};
  let alreadyFull = 0;
  for (let i = 0; i < clusters; i++) {
    const family = families[i % families.length]!;
    const capacityGb = Math.round(between(seed, 50, 5000, 'backtest', i, 'capacity'));
    const series = usageSeriesFor(seed, `backtest-${i}`, capacityGb, undefined, family);
    const peaks = Array.from({ length: historyDays + horizonDays }, (_, day) => dailyMaxUsage(series, day));
    for (const k of hideDays) {
      const cutoff = historyDays - k;
      const history = peaks.slice(0, cutoff);
      if (history.some((v) => v >= capacityGb)) {
        alreadyFull++;
        continue;
      }
      const crossing = peaks.findIndex((v, day) => day >= cutoff && v >= capacityGb);
      const truth = within(crossing < 0 ? null : Math.max(1, crossing - cutoff + 1));
      const group: BacktestGroup = series.stepDay !== null && series.stepDay >= cutoff ? UNSEEN_CHANGE : family;
      const model = timed('datafleet', () => forecastSeries({ values: history, capacity: capacityGb, horizonDays, level }));
      if (model.trendForm) trendForms[model.trendForm] = (trendForms[model.trendForm] ?? 0) + 1;
      add('datafleet', group, { predicted: model.exhaustionDay, truth, earliest: model.earliestDay, latest: model.latestDay });
      const where = { family: group, series: i, hideDays: k, truth };
      if (model.exhaustionDay !== null)
        noteFalseAlarm({ method: 'datafleet', ...where, predicted: model.exhaustionDay, trendForm: model.trendForm });
      const previous = timed('previous-model', () => previousForecast({ values: history, capacity: capacityGb, horizonDays, level }));
      add('previous-model', group, {
        predicted: previous.exhaustionDay,
        truth,
        earliest: previous.earliestDay,
        latest: previous.latestDay,
      });
      if (previous.exhaustionDay !== null)
        noteFalseAlarm({ method: 'previous-model', ...where, predicted: previous.exhaustionDay, trendForm: null });
      const reference = timed('holt-winters-reference', () => referenceHoltWinters(history, capacityGb, horizonDays, level));
      add('holt-winters-reference', group, {
        predicted: reference.exhaustionDay,
        truth,
        earliest: reference.earliestDay,
        latest: reference.latestDay,
      });
      const naive = timed('naive-7d', () => naiveExhaustionDay(history, capacityGb));
      add('naive-7d', group, { predicted: within(naive), truth });
    }
  }
  const groups: BacktestGroup[] = ['all', ...families];
  if (families.includes('growth-change')) groups.push(UNSEEN_CHANGE);
  const rows = groups.flatMap((family) =>
    METHODS.map((method): BacktestRow => ({
      family,
      method,
      ...summariseAccuracy(collected.get(`${method}|${family}`) ?? [], horizonDays, warningDays),
    })),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    clusters,
    seed,
    historyDays,
    horizonDays,
    warningDays,
    level,
    hideDays,
    alreadyFull,
    trendForms,
    rows,
    falseAlarmCases,
    methodSeconds,
    seconds,
  };
}
