import { startWebhookCounter } from '../lib/webhook-counter';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDir, runBenchmark, writeResults } from '../lib/report';
import { startBenchApp } from '../lib/bench-app';
import { seedClusters } from '../lib/seed';
import { runBacktest } from './backtest';
import { formatBacktestTable } from './backtest-table';
import { checkAccuracyTargets, formatTargets } from './targets';
import { timeFleetForecast } from './scale';
import { seedDailyHistory } from './seed-history';

const clusterCount = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const historyDays = Number(process.env.BENCH_HISTORY_DAYS ?? 120);
const backtestClusters = Number(process.env.BENCH_BACKTEST_CLUSTERS ?? 1400);
const seed = Number(process.env.BENCH_SEED ?? 42);
/** The model's constants were set on backtests with seed 42; accuracy is reported on series it never saw. */
const TUNING_SEED = 42;
const heldOutSeed = Number(process.env.BENCH_HELDOUT_SEED ?? 20261205);
const targetMs = 30_000;
/** `fleet` times only the fleet passes and keeps the backtest of the last full run in the results file. */
const fleetOnly = process.env.BENCH_PARTS === 'fleet';

/**
 * bench:forecast — a fleet of simulated clusters with months of daily rollups in a scratch database,
 * forecast in one run through the daily job's entry point (read rollups, fit, store forecasts, open
 * notices and post them to a local webhook receiver), then a second run (steady state: nothing new
 * to notify); then the backtest, per family of series, of the model against the Holt-Winters
 * reference and the naive baseline on held-out series with known truth, and its accuracy targets.
 * `BENCH_PARTS=fleet` runs the fleet passes alone.
 */
/** The held-out backtest and its accuracy targets, printed and returned for the results file. */
function runAccuracyPart(): Record<string, unknown> {
  const started = performance.now();
  const backtest = runBacktest({ clusters: backtestClusters, seed: heldOutSeed, hideDays: [14, 28, 56] });
  console.log(
    `backtest of ${backtestClusters} held-out series (seed ${heldOutSeed}; tuned on seed ${TUNING_SEED}), hides 14/28/56 d, in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `trend forms chosen: ${JSON.stringify(backtest.trendForms)}`,
  );
  console.log(formatBacktestTable(backtest));
  const accuracyTargets = checkAccuracyTargets(backtest);
  console.log(formatTargets(accuracyTargets));
  return { tuningSeed: TUNING_SEED, accuracyTargets, backtest };
}

/** A fleet-only run keeps the last full run's backtest (and says when it ran) instead of dropping it. */
function keptAccuracyPart(): Record<string, unknown> {
  const file = join(resultsDir, 'forecast.json');
  if (!existsSync(file)) return {};
  const previous = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const { tuningSeed, accuracyTargets, backtest } = previous;
  return { backtestRanAt: previous.backtestRanAt ?? previous.ranAt, tuningSeed, accuracyTargets, backtest };
}

async function main(): Promise<void> {
  const receiver = await startWebhookCounter();
  const app = await startBenchApp('forecast', [], { notifyWebhookUrl: `${receiver.url}/notify`, capacityWarningDays: 90 });
  try {
    const { pool } = app.ctx;
    const team = (await pool.query<{ id: string }>(`UPDATE teams SET chat_channel = '#bench' WHERE is_platform RETURNING id`)).rows[0]!;
    const t = performance.now();
    await seedClusters(pool, team.id, clusterCount, 'fc');
    const clusters = (
      await pool.query<{ id: string; capacity: number; nodes: number }>(
        `SELECT id, (spec->>'usableCapacityGb')::real AS capacity, node_count AS nodes FROM clusters ORDER BY name`,
      )
    ).rows.map((r) => ({ id: r.id, capacityGb: r.capacity, nodeCount: r.nodes }));
    const rows = await seedDailyHistory(pool, clusters, historyDays, seed);
    const seedSeconds = (performance.now() - t) / 1000;
    console.log(`seeded ${clusters.length} clusters and ${rows.toLocaleString('en-US')} daily rollups in ${seedSeconds.toFixed(1)} s`);

    const first = await timeFleetForecast(app.ctx);
    const firstPosts = receiver.count();
    const second = await timeFleetForecast(app.ctx);
    console.log(
      `first run ${first.totalMs} ms (${first.processCpuMs} ms of this process's CPU, load ${first.loadAverage}), second run ${second.totalMs} ms ` +
        `(${second.processCpuMs} ms CPU, load ${second.loadAverage}); webhook posts: ${firstPosts} then ${receiver.count() - firstPosts}`,
    );

    const accuracyPart = fleetOnly ? keptAccuracyPart() : runAccuracyPart();

    const met = first.totalMs < targetMs;
    const runRow = (name: string, r: typeof first) => ({
      run: name,
      clusters: r.clusters,
      'total ms': r.totalMs,
      'read ms': r.phasesMs.read,
      'fit ms': r.phasesMs.fit,
      'write ms': r.phasesMs.write,
      'notices ms': r.phasesMs.notices,
      'process CPU ms': r.processCpuMs,
      load: r.loadAverage,
      'at risk': r.atRisk,
      opened: r.noticesOpened,
      'peak RSS MB': r.peakRssMb,
      'peak heap MB': r.peakHeapUsedMb,
    });
    writeResults(
      'forecast',
      {
        clusters: clusterCount,
        historyDays,
        rollupRows: rows,
        seedSeconds: Math.round(seedSeconds * 10) / 10,
        target: { fleetForecastMs: targetMs, met },
        firstRun: { ...first, webhookPosts: firstPosts },
        secondRun: { ...second, webhookPosts: receiver.count() - firstPosts },
        ...accuracyPart,
      },
      [runRow('first (opens notices)', first), runRow('second (steady)', second)],
    );
    console.log(
      `target: ${clusterCount.toLocaleString('en-US')} clusters forecast in under ${targetMs / 1000} s — ${met ? 'met' : 'NOT met'} (${(first.totalMs / 1000).toFixed(1)} s)`,
    );
  } finally {
    await app.stop();
    receiver.close();
  }
}

runBenchmark(main);
