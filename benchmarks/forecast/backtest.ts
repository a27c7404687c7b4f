import { pathToFileURL } from 'node:url';
import { summariseAccuracy, type AccuracySummary, type ScoredPrediction } from '../../services/capacity/forecast/accuracy';
import { naiveExhaustionDay } from '../../services/capacity/forecast/baseline';
import { forecastSeries, type Forecast } from '../../services/capacity/forecast/forecast';
import { between } from '../../services/providers/simulated/randomness';
import { dailyMaxUsage, trueExhaustionDay, usageSeriesFor } from '../../services/providers/simulated/usage-series';

/**
 * Backtest of the days-to-exhaustion estimate on simulated clusters whose truth is known.
 *
 * Each cluster gets `historyDays` of daily peaks (the highest hourly sample of the day, as the daily
 * rollup records it). For each hide k, the last k days are hidden, the model and the naive baseline
 * forecast from the cutoff, and their days-to-exhaustion are compared with the truth: the first day
 * after the cutoff on which the generated series' daily peak actually reaches capacity. The actual
 * crossing, not the smooth trend's, because a disk is full the first time a peak fills it; the
 * trend crosses later whenever a compaction sawtooth or weekly cycle rides on it. Clusters already
 * at capacity before the cutoff are left out: there is nothing left to predict.
 * `truth: 'trend'` scores against the noiseless trend's crossing instead, for comparison.
 */
export interface BacktestOptions {
  clusters: number;
  seed: number;
  /** Days hidden before forecasting, e.g. [14, 28, 56]. */
  hideDays: number[];
  historyDays?: number;
  horizonDays?: number;
  warningDays?: number;
  level?: number;
  truth?: 'actual' | 'trend';
}

export interface BacktestRow extends AccuracySummary {
  hideDays: number;
  method: 'holt-winters' | 'naive-7d';
}

export interface BacktestReport {
  clusters: number;
  seed: number;
  historyDays: number;
  horizonDays: number;
  warningDays: number;
  level: number;
  truth: 'actual' | 'trend';
  /** Per hide: clusters left out because they had already reached capacity. */
  alreadyFull: Record<string, number>;
  /** How many forecasts each method produced (the model falls back on short histories). */
  forecastMethods: Record<string, number>;
  rows: BacktestRow[];
  seconds: number;
}

export function runBacktest(options: BacktestOptions): BacktestReport {
  const { clusters, seed, hideDays } = options;
  const historyDays = options.historyDays ?? 180;
  const horizonDays = options.horizonDays ?? 365;
  const warningDays = options.warningDays ?? 90;
  const level = options.level ?? 0.8;
  const truthKind = options.truth ?? 'actual';
  const started = performance.now();
  const model = new Map<number, ScoredPrediction[]>(hideDays.map((k) => [k, []]));
  const naive = new Map<number, ScoredPrediction[]>(hideDays.map((k) => [k, []]));
  const alreadyFull: Record<string, number> = Object.fromEntries(hideDays.map((k) => [String(k), 0]));
  const forecastMethods: Record<string, number> = {};
  for (let i = 0; i < clusters; i++) {
    const capacityGb = Math.round(between(seed, 50, 5000, 'backtest', i, 'capacity'));
    const series = usageSeriesFor(seed, `backtest-${i}`, capacityGb);
    const peaks = Array.from({ length: historyDays + horizonDays }, (_, day) => dailyMaxUsage(series, day));
    for (const k of hideDays) {
      const cutoff = historyDays - k;
      const history = peaks.slice(0, cutoff);
      if (history.some((v) => v >= capacityGb)) {
        alreadyFull[String(k)]!++;
        continue;
      }
      const trendDay = trueExhaustionDay(series);
      const crossing =
        truthKind === 'trend'
          ? trendDay === null
            ? -1
            : Math.ceil(trendDay)
          : peaks.findIndex((v, day) => day >= cutoff && v >= capacityGb);
      const truthDay = crossing < 0 ? null : Math.max(1, crossing - cutoff + 1);
      const truth = truthDay !== null && truthDay <= horizonDays ? truthDay : null;
      const forecast: Forecast = forecastSeries({ values: history, capacity: capacityGb, horizonDays, level });
      forecastMethods[forecast.method] = (forecastMethods[forecast.method] ?? 0) + 1;
      model.get(k)!.push({ predicted: forecast.exhaustionDay, truth, earliest: forecast.earliestDay, latest: forecast.latestDay });
      const baseline = naiveExhaustionDay(history, capacityGb);
      naive.get(k)!.push({ predicted: baseline !== null && baseline <= horizonDays ? baseline : null, truth });
    }
  }
  const rows = hideDays.flatMap((k): BacktestRow[] => [
    { hideDays: k, method: 'holt-winters', ...summariseAccuracy(model.get(k)!, horizonDays, warningDays) },
    { hideDays: k, method: 'naive-7d', ...summariseAccuracy(naive.get(k)!, horizonDays, warningDays) },
  ]);
  const seconds = (performance.now() - started) / 1000;
  return { clusters, seed, historyDays, horizonDays, warningDays, level, truth: truthKind, alreadyFull, forecastMethods, rows, seconds };
}

/** The report as a fixed-width table, one line per (hide, method). */
export function formatBacktestTable(report: BacktestReport): string {
  const header = [
    'hidden',
    'method',
    'scored',
    'MAE d',
    'median d',
    'p90 d',
    '≤7 d %',
    'coverage %',
    'false alarms',
    'misses',
    'on earliest: FA',
    'misses',
  ];
  const fixed = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(1));
  const lines = report.rows.map((r) => [
    `${r.hideDays} d`,
    r.method,
    String(r.scored),
    fixed(r.meanAbsoluteError),
    fixed(r.medianAbsoluteError),
    fixed(r.p90AbsoluteError),
    fixed(r.within7DaysPercent),
    r.coveragePercent === null ? '–' : fixed(r.coveragePercent),
    String(r.falseAlarms),
    String(r.misses),
    String(r.falseAlarmsOnEarliest ?? '–'),
    String(r.missesOnEarliest ?? '–'),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const row = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c]!)).join('  ');
  return [row(header), ...lines.map(row)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const clusters = Number(process.env.BENCH_CLUSTERS ?? 1000);
  const seed = Number(process.env.BENCH_SEED ?? 42);
  const truth = process.env.BENCH_TRUTH === 'trend' ? 'trend' : 'actual';
  const report = runBacktest({ clusters, seed, hideDays: [14, 28, 56], truth });
  console.log(
    `backtest: ${clusters} simulated clusters, seed ${seed}, ${report.historyDays} days of history, horizon ${report.horizonDays} d, ` +
      `${Math.round(report.level * 100)}% interval, truth = ${truth === 'trend' ? "the trend's crossing" : 'the first daily peak at capacity'}; ` +
      `warning at ${report.warningDays} d; ${report.seconds.toFixed(1)} s`,
  );
  console.log(
    `left out as already full (per hide): ${JSON.stringify(report.alreadyFull)}; forecasts by method: ${JSON.stringify(report.forecastMethods)}`,
  );
  console.log(formatBacktestTable(report));
}
