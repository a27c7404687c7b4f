import type { UsageFamily } from '../../services/providers/simulated/usage-series';
import { runBacktest } from './backtest';
import { formatBacktestTable } from './backtest-table';

/** The backtest alone, without the fleet: `npx tsx benchmarks/forecast/backtest-cli.ts` (BENCH_CLUSTERS, BENCH_SEED, BENCH_FAMILIES). */
const clusters = Number(process.env.BENCH_CLUSTERS ?? 700);
const seed = Number(process.env.BENCH_SEED ?? 42);
const families = process.env.BENCH_FAMILIES ? (process.env.BENCH_FAMILIES.split(',') as UsageFamily[]) : undefined;
const report = runBacktest({ clusters, seed, hideDays: [14, 28, 56], families });
console.log(
  `backtest: ${clusters} simulated clusters, seed ${seed}, ${report.historyDays} days of history, hides ${report.hideDays.join('/')} d, ` +
    `horizon ${report.horizonDays} d, warning at ${report.warningDays} d; ${report.seconds.toFixed(1)} s; ${report.alreadyFull} left out as already full`,
);
console.log(`trend forms chosen: ${JSON.stringify(report.trendForms)}; seconds per method: ${JSON.stringify(report.methodSeconds)}`);
console.log(formatBacktestTable(report));
