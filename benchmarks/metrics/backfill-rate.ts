import { startBenchApp } from '../lib/bench-app';
import { seedClusters } from '../lib/seed';
import { backfillSimulatedHistory } from '../../services/capacity/metrics/simulated-history';
import { dailyClusterRollups } from '../../services/capacity/metrics/sql/metrics-repository';

/**
 * How long the simulated history backfill takes: CLUSTERS simulated clusters (default 250) of
 * three nodes get simulatorHistoryDays (120) of hourly and daily rollups; prints the rate and what
 * 10,000 clusters would take at it, then times one dailyClusterRollups read of them all.
 * Run: npx tsx benchmarks/metrics/backfill-rate.ts [clusters]
 */
const CLUSTERS = Number(process.argv[2] ?? 250);
const NODES_PER_CLUSTER = 3;

const app = await startBenchApp('metrics_backfill', ['api'], { simulatorHistoryDays: 120 });
try {
  const { pool } = app.ctx;
  const team = await app.ctx.repos.teams.find('platform');
  await seedClusters(pool, team!.id, CLUSTERS, 'bf');
  await pool.query(
    `INSERT INTO nodes (id, cluster_id, name, region, zone, role, provider, state, software_version, kernel_version, instance_type, simulated)
     SELECT gen_random_uuid(), c.id, c.name || '-' || k, c.regions[1], c.regions[1] || 'a', 'member', 'simulated', 'running', c.version,
            '6.1.0-25-cloud-amd64', c.instance_type, true
       FROM clusters c CROSS JOIN generate_series(1, $1) AS k`,
    [NODES_PER_CLUSTER],
  );
  const started = performance.now();
  const done = await backfillSimulatedHistory(app.ctx, new Date());
  const seconds = (performance.now() - started) / 1000;
  const count = async (table: string) => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  const rows = (await count('node_metric_rollups')) + (await count('cluster_metric_rollups'));
  const ids = (await pool.query<{ id: string }>('SELECT id FROM clusters')).rows.map((r) => r.id);
  const readStarted = performance.now();
  const daily = await dailyClusterRollups(pool, ids, 120);
  const readSeconds = (performance.now() - readStarted) / 1000;
  const dailyRows = [...daily.values()].reduce((n, list) => n + list.length, 0);
  console.log(
    JSON.stringify(
      {
        clusters: done,
        nodesPerCluster: NODES_PER_CLUSTER,
        days: 120,
        rows,
        seconds,
        rowsPerSecond: Math.round(rows / seconds),
        dailyRows,
        readSeconds,
      },
      null,
      2,
    ),
  );
  console.log(
    `\n${done} clusters in ${seconds.toFixed(1)} s (${(rows / seconds).toFixed(0)} rollup rows/s); 10,000 clusters: about ${((seconds * 10_000) / done / 60).toFixed(0)} min`,
  );
  console.log(`dailyClusterRollups of ${ids.length} clusters × 120 days: ${dailyRows} rows in ${readSeconds.toFixed(2)} s`);
} finally {
  await app.stop();
}
