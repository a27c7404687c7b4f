import { randomUUID } from 'node:crypto';
import { startBenchApp } from '../lib/bench-app';
import { seedClusters } from '../lib/seed';
import { insertRawPoints, type StoredPoint } from '../../services/capacity/metrics/sql/raw-points';
import { ensurePartitions, utcDay } from '../../services/capacity/metrics/sql/partitions';
import { rollUpDays, rollUpHours } from '../../services/capacity/metrics/sql/rollups';
import { DAY_MS } from '../../services/core/clock';

/**
 * Storage growth of the metrics history: one day of raw points for NODES nodes (default 1,000) at
 * the default 60-s interval, folded into hourly and daily rollups, on a fresh database; prints the
 * bytes per day of each table and what 14 days of raw points and a year of rollups come to.
 * Run: npx tsx benchmarks/metrics/storage-growth.ts [nodes]
 */
const NODES = Number(process.argv[2] ?? 1000);
const NODES_PER_CLUSTER = 4;
const INTERVAL_MS = 60_000;
const MB = 1024 ** 2;

const app = await startBenchApp('metrics_growth', ['api']);
try {
  const { pool } = app.ctx;
  const team = await app.ctx.repos.teams.find('platform');
  await seedClusters(pool, team!.id, NODES / NODES_PER_CLUSTER, 'mg');
  const { rows: clusters } = await pool.query<{ id: string }>('SELECT id FROM clusters ORDER BY name');
  const nodes = clusters.flatMap((c) =>
    Array.from({ length: NODES_PER_CLUSTER }, () => ({ clusterId: c.id, nodeId: randomUUID(), base: 100 + Math.random() * 500 })),
  );
  const day = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;
  await ensurePartitions(pool, [day]);

  const started = performance.now();
  let batch: StoredPoint[] = [];
  let written = 0;
  for (let at = day; at < day + DAY_MS; at += INTERVAL_MS) {
    for (const n of nodes) {
      const disk = n.base + ((at - day) / DAY_MS) * 5 + Math.random();
      batch.push({
        clusterId: n.clusterId,
        nodeId: n.nodeId,
        at: new Date(at),
        diskUsedGb: disk,
        diskTotalGb: 950,
        memoryUsedGb: 12 + Math.random() * 4,
        memoryTotalGb: 30.5,
        fill: disk / 316.7,
        readsPerSecond: Math.random() * 5000,
        writesPerSecond: Math.random() * 1500,
        p99Ms: 2 + Math.random() * 6,
      });
    }
    if (batch.length >= 10_000) {
      written += await insertRawPoints(pool, batch);
      batch = [];
    }
  }
  written += await insertRawPoints(pool, batch);
  const insertSeconds = (performance.now() - started) / 1000;

  const client = await pool.connect();
  const rollupStarted = performance.now();
  try {
    await rollUpHours(client, day, day + DAY_MS);
    await rollUpDays(client, day, day + DAY_MS);
  } finally {
    client.release();
  }
  const rollupSeconds = (performance.now() - rollupStarted) / 1000;
  await pool.query('VACUUM ANALYZE metric_points, node_metric_rollups, cluster_metric_rollups');

  const partition = `metric_points_${utcDay(day).replaceAll('-', '')}`;
  const size = async (relation: string) =>
    Number((await pool.query<{ bytes: string }>('SELECT pg_total_relation_size($1::regclass) AS bytes', [relation])).rows[0]!.bytes);
  const count = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]!.n);
  const raw = await size(partition);
  const [nodeRollups, clusterRollups] = [await size('node_metric_rollups'), await size('cluster_metric_rollups')];
  const rows = {
    raw: written,
    nodeHour: await count(`SELECT count(*) AS n FROM node_metric_rollups WHERE resolution = 'hour'`),
    nodeDay: await count(`SELECT count(*) AS n FROM node_metric_rollups WHERE resolution = 'day'`),
    clusterHour: await count(`SELECT count(*) AS n FROM cluster_metric_rollups WHERE resolution = 'hour'`),
    clusterDay: await count(`SELECT count(*) AS n FROM cluster_metric_rollups WHERE resolution = 'day'`),
  };
  const per1000 = 1000 / NODES;
  const rawDay = (raw * per1000) / MB;
  const rollupDay = ((nodeRollups + clusterRollups) * per1000) / MB;
  console.log(JSON.stringify({ nodes: NODES, rows, bytes: { raw, nodeRollups, clusterRollups }, insertSeconds, rollupSeconds }, null, 2));
  console.log(
    `\nper 1,000 nodes per day: raw ${rawDay.toFixed(1)} MB (${(raw / written).toFixed(0)} B/point), rollups ${rollupDay.toFixed(2)} MB` +
      ` (node ${((nodeRollups * per1000) / MB).toFixed(2)}, cluster ${((clusterRollups * per1000) / MB).toFixed(2)})`,
  );
  console.log(
    `raw at 14 days' retention: ${((rawDay * 14) / 1024).toFixed(2)} GB; rollups per year: ${((rollupDay * 365) / 1024).toFixed(2)} GB`,
  );
  console.log(`insert ${(written / insertSeconds).toFixed(0)} points/s; rollup of the day ${rollupSeconds.toFixed(1)} s`);
} finally {
  await app.stop();
}
