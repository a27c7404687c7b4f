import { startWebhookCounter } from '../lib/webhook-counter';
import { runBenchmark, writeResults } from '../lib/report';
import { startBenchApp } from '../lib/bench-app';
import { seedClusters } from '../lib/seed';
import { formatBacktestTable, runBacktest } from './backtest';
import { timeFleetForecast } from './scale';
import { seedDailyHistory } from './seed-history';

const clusterCount = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const historyDays = Number(process.env.BENCH_HISTORY_DAYS ?? 120);
const backtestClusters = Number(process.env.BENCH_BACKTEST_CLUSTERS ?? 1000);
const seed = Number(process.env.BENCH_SEED ?? 42);
const targetMs = 30_000;

/**
 * bench:forecast — a fleet of simulated clusters with months of daily rollups in a scratch database,
 * forecast in one run through the daily job's entry point (read rollups, fit, store forecasts, open
 * notices and post them to a local webhook receiver), then a second run (steady state: nothing new
 * to notify); then the backtest of the model against the naive baseline on series with known truth.
 */
async function main(): Promise<void> {
  const receiver = await startWebhookCounter();
  const app = await startBenchApp('forecast', [], { notifyWebhookUrl: `${receiver.url}/notify`, capacityWarningDays: 90 });
  try {
    const { pool } = app.ctx;
    const team = (await pool.query<{ id: string }>(`UPDATE teams SET chat_channel = '#bench' WHERE is_platform RETURNING id`)).rows[0]!;
    let t = performance.now();
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
      `first run ${first.totalMs} ms, second run ${second.totalMs} ms; webhook posts: ${firstPosts} then ${receiver.count() - firstPosts}`,
    );

    t = performance.now();
    const backtest = runBacktest({ clusters: backtestClusters, seed, hideDays: [14, 28, 56] });
    console.log(`backtest of ${backtestClusters} series in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    console.log(formatBacktestTable(backtest));

    const met = first.totalMs < targetMs;
    const runRow = (name: string, r: typeof first) => ({
      run: name,
      clusters: r.clusters,
      'total ms': r.totalMs,
      'read ms': r.phasesMs.read,
      'fit ms': r.phasesMs.fit,
      'write ms': r.phasesMs.write,
      'notices ms': r.phasesMs.notices,
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
        backtest,
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
