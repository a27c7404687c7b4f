import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, testRedisUrl, type TestApp } from '../helpers/app';
import { standaloneHealthAggregator } from '../../services/app/health-aggregator';
import { encodeSnapshot, type NodeSnapshot } from '../../services/health/snapshot';
import { runMetricsRollup, type RollupResult } from '../../services/capacity/metrics/rollup-job';
import { insertRawPoints, type StoredPoint } from '../../services/capacity/metrics/sql/raw-points';
import { listPartitions, utcDay } from '../../services/capacity/metrics/sql/partitions';
import { clusterUsedGb, seriesOf } from '../../services/providers/simulated/usage-track';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const RAW_MS = 1000;
const HISTORY_DAYS = 2;
let app: TestApp;
const ids: Record<string, string> = {};

type Point = {
  at: string;
  fill: number | null;
  usedGb: number | null;
  capacityGb: number | null;
  readsPerSecond: number | null;
  writesPerSecond: number | null;
  p99Ms: number | null;
  nodeCount: number;
};
type Series = { cluster: string; simulated: boolean; resolution: string; points: Point[] };
const series = async (path: string) => (await (await app.api(path)).json()) as Series;
const query = async <T>(sql: string, values: unknown[] = []) => (await app.ctx.pool.query(sql, values)).rows as T[];

/** The scheduled rollup runs every second here too: a run that finds the lock held is simply retried. */
async function rollup(at?: Date): Promise<RollupResult> {
  return eventually(
    async () => {
      const result = await runMetricsRollup(app.ctx, {}, at);
      return result.skipped ? undefined : result;
    },
    20_000,
    50,
  );
}

beforeAll(async () => {
  app = await startTestApp({
    config: { healthIntervalMs: 250, metricsRawIntervalMs: RAW_MS, metricsRollupEveryMs: 1000, simulatorHistoryDays: HISTORY_DAYS },
  });
  for (const [name, engine, expectedDataGb] of [
    ['hist-cache', 'redis', 5],
    ['roll-ring', 'cassandra', 100],
  ] as const) {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name, engine, owner: 'platform', expectedDataGb, regions: ['us-east-1'], environment: 'test' },
    });
    expect(res.status).toBe(202);
  }
  for (const name of ['hist-cache', 'roll-ring']) {
    const cluster = await eventually(async () => {
      const c = await app.ctx.repos.clusters.find(name);
      return c?.status === 'ACTIVE' ? c : undefined;
    }, 60_000);
    ids[name] = cluster.id;
    // The scheduled rollup gives a new simulated cluster its history (which replaces any raw points it had).
    await eventually(async () => (await query('SELECT 1 FROM sim_usage_series WHERE cluster_id = $1', [cluster.id])).length > 0, 30_000);
  }
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

describe('raw points from the health stream', () => {
  it('averages each node over the raw interval through the real aggregator: one point per node per interval, also when a batch is replayed', async () => {
    const redis = new Redis(testRedisUrl);
    const aggregator = standaloneHealthAggregator(app.ctx, redis, 'metrics-test');
    const nodes = [randomUUID(), randomUUID()];
    const start = Math.floor((Date.now() - 2 * HOUR_MS) / RAW_MS) * RAW_MS;
    const snapshot = (nodeId: string, at: number, k: number): NodeSnapshot => ({
      clusterId: ids['hist-cache']!,
      nodeId,
      nodeName: `n-${nodeId.slice(0, 4)}`,
      role: 'primary',
      at,
      simulated: true,
      up: true,
      latencyMs: 1,
      memoryUsedGb: 1 + k,
      memoryTotalGb: 10,
      diskUsedGb: 2,
      diskTotalGb: 100,
      readsPerSecond: 100 * k,
      writesPerSecond: 10,
      p99Ms: 2 + k,
    });
    // Three intervals, four snapshots each per node (k = 0..3 within an interval).
    const entries: Array<[string, string[]]> = [];
    for (let i = 0; i < 3; i++)
      for (let k = 0; k < 4; k++)
        for (const n of nodes)
          entries.push([`0-${entries.length + 1}`, ['snapshot', encodeSnapshot(snapshot(n, start + i * RAW_MS + k * 250, k))]]);
    try {
      await aggregator.applyEntries(entries);
      await aggregator.applyEntries(entries); // a replay after a crash writes nothing twice
    } finally {
      redis.disconnect();
    }
    const rows = await query<{ node_id: string; at: Date; memory_used_gb: number; fill: number; reads_per_s: number; p99_ms: number }>(
      'SELECT node_id, at, memory_used_gb, fill, reads_per_s, p99_ms FROM metric_points WHERE node_id = ANY($1::uuid[]) ORDER BY node_id, at',
      [nodes],
    );
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.node_id === nodes[0]).map((r) => r.at.getTime())).toEqual([start, start + RAW_MS, start + 2 * RAW_MS]);
    for (const r of rows) {
      expect(r).toMatchObject({ memory_used_gb: 2.5, reads_per_s: 150, p99_ms: 3.5 });
      expect(r.fill).toBeCloseTo(2.5 / (10 * 0.7), 5); // Redis fills memory up to 70%
    }
  });
});

describe('usage of real local nodes', () => {
  it('records memory against maxmemory for Redis, database size and disk for PostgreSQL, and reads and writes per second', async () => {
    for (const [name, engine] of [
      ['usage-cache', 'redis'],
      ['usage-db', 'postgres'],
    ] as const) {
      const res = await app.api('/api/clusters', {
        method: 'POST',
        json: { name, engine, owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'test' },
      });
      expect(res.status).toBe(202);
    }
    type Raw = {
      memory_used_gb: number | null;
      memory_total_gb: number | null;
      disk_used_gb: number | null;
      disk_total_gb: number | null;
      fill: number | null;
      reads_per_s: number | null;
      writes_per_s: number | null;
      p99_ms: number | null;
    };
    const pointsOf = (name: string) =>
      eventually(async () => {
        const rows = await query<Raw>(
          `SELECT p.* FROM metric_points p JOIN nodes n ON n.id = p.node_id JOIN clusters c ON c.id = n.cluster_id
          WHERE c.name = $1 AND p.reads_per_s IS NOT NULL ORDER BY p.at DESC LIMIT 1`,
          [name],
        );
        return rows[0];
      }, 90_000);
    const cache = await pointsOf('usage-cache');
    expect(cache.memory_total_gb).toBeCloseTo(128 / 1024, 3); // the local provider's maxmemory
    expect(cache.memory_used_gb).toBeGreaterThan(0);
    expect(cache.fill).toBeCloseTo(cache.memory_used_gb! / (cache.memory_total_gb! * 0.7), 3);
    expect(cache.reads_per_s).toBeGreaterThanOrEqual(0);
    expect(cache.p99_ms).toBeGreaterThan(0);
    const db = await pointsOf('usage-db');
    expect(db.disk_used_gb).toBeGreaterThan(0); // the databases' size
    expect(db.disk_total_gb).toBeGreaterThan(db.disk_used_gb!); // the disk under its data directory
    expect(db.fill).toBeCloseTo(db.disk_used_gb! / (db.disk_total_gb! * 0.6), 3);
    expect(db.writes_per_s).toBeGreaterThanOrEqual(0);
  }, 120_000);
});

describe('rollups', () => {
  it('folds raw points into hourly and daily rollups per node and per cluster, with the right peaks and averages, in a day partition made on demand', async () => {
    const cluster = ids['roll-ring']!;
    const capacity = (await app.ctx.repos.clusters.find('roll-ring'))!.spec.usableCapacityGb;
    // 06:00 four days ago: both hours in one day whatever the time of the run (from 23:00 they crossed
    // midnight and the day held half the points), and before the cluster's backfilled history.
    const hour = Math.floor((Date.now() - 4 * DAY_MS) / DAY_MS) * DAY_MS + 6 * HOUR_MS;
    const [a, b] = [randomUUID(), randomUUID()];
    const point = (nodeId: string, at: number, fill: number, reads: number): StoredPoint => ({
      clusterId: cluster,
      nodeId,
      at: new Date(at),
      diskUsedGb: fill * 300,
      diskTotalGb: 900,
      memoryUsedGb: 4,
      memoryTotalGb: 16,
      fill,
      readsPerSecond: reads,
      writesPerSecond: reads / 10,
      p99Ms: 5 + fill,
    });
    const points: StoredPoint[] = [];
    for (let h = 0; h < 2; h++) {
      for (let q = 0; q < 4; q++) {
        const at = hour + h * HOUR_MS + q * 900_000;
        points.push(point(a, at, 0.1 * q + 0.5 * h, 10 * q), point(b, at, 0.05, 5));
      }
    }
    expect(await insertRawPoints(app.ctx.pool, points)).toBe(16);
    expect(await insertRawPoints(app.ctx.pool, points)).toBe(0);

    const at = new Date(hour + HOUR_MS + 1_800_000);
    // Two at once: one may find the lock held and skip; another run after them recomputes the same buckets.
    await Promise.all([runMetricsRollup(app.ctx, {}, at), runMetricsRollup(app.ctx, {}, at)]);
    await rollup(at);

    const nodeHour = await query<Record<string, number>>(
      `SELECT samples, fill_max, disk_used_gb_max, reads_avg, reads_max, writes_avg, p99_max FROM node_metric_rollups
        WHERE node_id = $1 AND resolution = 'hour' AND bucket = $2`,
      [a, new Date(hour)],
    );
    expect(nodeHour).toHaveLength(1);
    expect(nodeHour[0]).toMatchObject({ samples: 4, reads_avg: 15, reads_max: 30, writes_avg: 1.5 });
    expect(nodeHour[0]!.fill_max).toBeCloseTo(0.3, 5);
    expect(nodeHour[0]!.p99_max).toBeCloseTo(5.3, 5);

    const clusterHours = await query<Record<string, number>>(
      `SELECT samples, fill_max, used_gb_max, capacity_gb, reads_avg, reads_max, p99_max, node_count FROM cluster_metric_rollups
        WHERE cluster_id = $1 AND resolution = 'hour' AND bucket >= $2 AND bucket < $3 ORDER BY bucket`,
      [cluster, new Date(hour), new Date(hour + 2 * HOUR_MS)],
    );
    expect(clusterHours).toHaveLength(2);
    expect(clusterHours[0]).toMatchObject({ samples: 8, reads_avg: 20, reads_max: 35, node_count: 2 }); // reads summed over nodes at each moment
    expect(clusterHours[0]!.capacity_gb).toBeCloseTo(capacity, 2);
    expect(clusterHours[0]!.used_gb_max).toBeCloseTo(0.3 * capacity, 1); // the fullest node, spread over the cluster
    expect(clusterHours[1]!.fill_max).toBeCloseTo(0.8, 5);

    const day = new Date(Math.floor(hour / DAY_MS) * DAY_MS);
    const [nodeDay] = await query<Record<string, number>>(
      `SELECT samples, fill_max, reads_avg, reads_max FROM node_metric_rollups WHERE node_id = $1 AND resolution = 'day' AND bucket = $2`,
      [a, day],
    );
    expect(nodeDay).toMatchObject({ samples: 8, reads_avg: 15, reads_max: 30 });
    expect(nodeDay!.fill_max).toBeCloseTo(0.8, 5);
    const [clusterDay] = await query<Record<string, number>>(
      `SELECT samples, fill_max, reads_max, node_count FROM cluster_metric_rollups WHERE cluster_id = $1 AND resolution = 'day' AND bucket = $2`,
      [cluster, day],
    );
    expect(clusterDay).toMatchObject({ samples: 16, reads_max: 35, node_count: 2 });

    const daily = await series(
      `/api/clusters/roll-ring/metrics?resolution=day&from=${day.toISOString()}&to=${new Date(day.getTime() + DAY_MS).toISOString()}`,
    );
    expect(daily).toMatchObject({ cluster: 'roll-ring', simulated: true, resolution: 'day' });
    expect(daily.points).toEqual([
      expect.objectContaining({ at: day.toISOString(), readsPerSecond: expect.any(Number), nodeCount: 2, capacityGb: capacity }),
    ]);
  });

  it('drops raw partitions past retention, keeps the rest, and a write to a dropped day makes its partition again', async () => {
    const old = Date.now() - 30 * DAY_MS;
    const p = {
      clusterId: ids['roll-ring']!,
      nodeId: randomUUID(),
      at: new Date(old),
      diskUsedGb: 1,
      diskTotalGb: 10,
      memoryUsedGb: null,
      memoryTotalGb: null,
      fill: 0.3,
      readsPerSecond: 1,
      writesPerSecond: 1,
      p99Ms: 1,
    };
    expect(await insertRawPoints(app.ctx.pool, [p])).toBe(1); // its day had no partition: the write made one
    await rollup(); // this run or the scheduled one drops it
    const kept = await listPartitions(app.ctx.pool);
    expect(kept).not.toContain(utcDay(old));
    for (const day of [Date.now() - 4 * DAY_MS, Date.now(), Date.now() + 3 * DAY_MS]) expect(kept).toContain(utcDay(day));
    expect(await insertRawPoints(app.ctx.pool, [p])).toBe(1);
  });
});

describe('simulated history', () => {
  it("backfills the configured days of hourly and daily rollups, and the live points continue the cluster's series", async () => {
    const cluster = ids['hist-cache']!;
    const {
      origin,
      capacity_gb: capacityGb,
      anchor_day: anchorDay,
      anchor_gb: anchorGb,
      created_at: backfilledAt,
    } = (
      await query<{ origin: Date; capacity_gb: number; anchor_day: number; anchor_gb: number; created_at: Date }>(
        'SELECT origin, capacity_gb, anchor_day, anchor_gb, created_at FROM sim_usage_series WHERE cluster_id = $1',
        [cluster],
      )
    )[0]!;
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    expect(origin.getTime()).toBe(today - HISTORY_DAYS * DAY_MS);
    const days = await series(
      `/api/clusters/hist-cache/metrics?resolution=day&from=${new Date(origin.getTime()).toISOString()}&to=${new Date(today).toISOString()}`,
    );
    expect(days.points).toHaveLength(HISTORY_DAYS);
    const hours = await series(`/api/clusters/hist-cache/metrics?resolution=hour&from=${new Date(origin.getTime()).toISOString()}`);
    expect(hours.points.length).toBeGreaterThanOrEqual(HISTORY_DAYS * 24);
    for (const p of hours.points)
      expect(p).toMatchObject({
        nodeCount: 2,
        capacityGb: expect.any(Number),
        readsPerSecond: expect.any(Number),
        p99Ms: expect.any(Number),
      });

    const usage = {
      series: seriesOf(app.config.simulatorSeed, cluster, capacityGb, { day: anchorDay, gb: anchorGb }),
      origin: origin.getTime(),
    };
    // A simulator that saw the cluster before its series existed looks again within 10 s.
    const live = await eventually(async () => {
      const raw = await series(`/api/clusters/hist-cache/metrics?resolution=raw&from=${new Date(Date.now() - 60_000).toISOString()}`);
      return raw.points.filter((p) => new Date(p.at).getTime() > backfilledAt.getTime() + 11_000).length >= 2 ? raw.points : undefined;
    }, 40_000);
    const last = live.at(-1)!;
    const expected = clusterUsedGb(usage, new Date(last.at).getTime() + RAW_MS / 2) / capacityGb;
    expect(last.fill!).toBeCloseTo(expected, 2); // the live simulator is on the series, in real time
    const lastBackfilled = hours.points.filter((p) => new Date(p.at).getTime() < today).at(-1)!;
    expect(Math.abs(last.fill! - lastBackfilled.fill!)).toBeLessThan(0.2);

    const node = (await app.ctx.repos.nodes.forCluster(cluster))[0]!;
    const ofNode = await series(
      `/api/clusters/hist-cache/nodes/${node.name}/metrics?resolution=day&from=${new Date(origin.getTime()).toISOString()}`,
    );
    expect(ofNode.points.length).toBeGreaterThanOrEqual(HISTORY_DAYS);
    // Every Redis node holds all the data in memory: a node's memory is the cluster's use.
    expect(ofNode.points[0]!.usedGb!).toBeCloseTo(days.points[0]!.usedGb!, 1);
  });
});

describe('metrics API bad input', () => {
  it('answers 400 for a bad resolution, date, range or field, and 404 for an unknown cluster or node', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const cases: Array<[string, number]> = [
      ['/api/clusters/hist-cache/metrics?resolution=minute', 400],
      [`/api/clusters/hist-cache/metrics?resolution=hour&from=${iso(now)}&to=${iso(now - HOUR_MS)}`, 400],
      ['/api/clusters/hist-cache/metrics?from=yesterday', 400],
      [`/api/clusters/hist-cache/metrics?resolution=raw&from=${iso(now - 10 * DAY_MS)}`, 400],
      ['/api/clusters/hist-cache/metrics?verbose=1', 400],
      ['/api/clusters/no-such-cluster/metrics', 404],
      ['/api/clusters/hist-cache/nodes/no-such-node/metrics', 404],
    ];
    for (const [path, status] of cases) {
      const res = await app.api(path);
      expect({ path, status: res.status }).toEqual({ path, status });
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message.length).toBeGreaterThan(0);
    }
    expect((await app.api('/api/clusters/hist-cache/metrics?resolution=raw')).status).toBe(200);
  });
});
