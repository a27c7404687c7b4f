import type { Pool } from '../../../infra/db/pool';

export const Resolutions = ['raw', 'hour', 'day'] as const;
export type Resolution = (typeof Resolutions)[number];
export type RollupResolution = Exclude<Resolution, 'raw'>;

/** A cluster over one bucket. A value nobody measured is NaN (the forecast reads NaN as missing). */
export interface ClusterRollup {
  bucket: Date;
  /** Highest fill of any node: the first node to fill is the one that fails. */
  fillMax: number;
  /** fillMax × capacityGb. */
  usedGbMax: number;
  /** The cluster's usable capacity (spec.usableCapacityGb) at that time. */
  capacityGb: number;
  /** Reads and writes per second, summed over nodes. */
  readsAvg: number;
  readsMax: number;
  writesAvg: number;
  writesMax: number;
  p99Max: number;
  nodeCount: number;
}

/** A node over one bucket (raw points are buckets of one interval). */
export interface NodeRollup {
  bucket: Date;
  fillMax: number;
  diskUsedGbMax: number;
  memoryUsedGbMax: number;
  readsAvg: number;
  readsMax: number;
  writesAvg: number;
  writesMax: number;
  p99Avg: number;
  p99Max: number;
}

const num = (value: unknown): number => (value === null || value === undefined ? NaN : Number(value));

const clusterColumns = 'bucket, fill_max, used_gb_max, capacity_gb, reads_avg, reads_max, writes_avg, writes_max, p99_max, node_count';
type ClusterRow = [
  Date,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number,
];

function clusterRollupOf(r: ClusterRow): ClusterRollup {
  return {
    bucket: r[0],
    fillMax: num(r[1]),
    usedGbMax: num(r[2]),
    capacityGb: num(r[3]),
    readsAvg: num(r[4]),
    readsMax: num(r[5]),
    writesAvg: num(r[6]),
    writesMax: num(r[7]),
    p99Max: num(r[8]),
    nodeCount: Number(r[9]),
  };
}

/**
 * Daily rollups of many clusters since `sinceDays` days before today (UTC), oldest first, in one
 * query: the forecast reads the whole fleet this way. Rows come back as arrays, not objects, since
 * a fleet's worth is over a million of them. Clusters with no rollups are absent from the map.
 */
export async function dailyClusterRollups(pool: Pool, clusterIds: string[], sinceDays: number): Promise<Map<string, ClusterRollup[]>> {
  const byCluster = new Map<string, ClusterRollup[]>();
  if (clusterIds.length === 0) return byCluster;
  const { rows } = await pool.query<[string, ...ClusterRow]>({
    text: `SELECT cluster_id, ${clusterColumns} FROM cluster_metric_rollups
            WHERE cluster_id = ANY($1::uuid[]) AND resolution = 'day'
              AND bucket >= (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') - make_interval(days => $2)
            ORDER BY cluster_id, bucket`,
    values: [clusterIds, Math.max(0, Math.floor(sinceDays))],
    rowMode: 'array',
  });
  for (const [clusterId, ...rest] of rows) {
    let list = byCluster.get(clusterId);
    if (!list) byCluster.set(clusterId, (list = []));
    list.push(clusterRollupOf(rest));
  }
  return byCluster;
}

/**
 * One cluster's series over [from, to), oldest first. Raw points are folded across nodes per
 * interval the way the hourly rollup folds them (fill: max; reads, writes: summed; p99: max), with
 * the cluster's current usable capacity. Points are found through the cluster's nodes (every node
 * it ever had: the primary key serves node and time).
 */
export async function clusterRollups(
  pool: Pool,
  clusterId: string,
  resolution: Resolution,
  from: Date,
  to: Date,
): Promise<ClusterRollup[]> {
  if (resolution !== 'raw') {
    const { rows } = await pool.query<ClusterRow>({
      text: `SELECT ${clusterColumns} FROM cluster_metric_rollups
              WHERE cluster_id = $1 AND resolution = $2 AND bucket >= $3 AND bucket < $4 ORDER BY bucket`,
      values: [clusterId, resolution, from, to],
      rowMode: 'array',
    });
    return rows.map(clusterRollupOf);
  }
  const { rows } = await pool.query<ClusterRow>({
    text: `SELECT p.at, max(p.fill), max(p.fill) * c.capacity, c.capacity, sum(p.reads_per_s), sum(p.reads_per_s),
                  sum(p.writes_per_s), sum(p.writes_per_s), max(p.p99_ms), count(*)
             FROM metric_points p
             CROSS JOIN (SELECT (spec->>'usableCapacityGb')::real AS capacity FROM clusters WHERE id = $1) c
            WHERE p.node_id IN (SELECT id FROM nodes WHERE cluster_id = $1) AND p.at >= $2 AND p.at < $3
            GROUP BY p.at, c.capacity ORDER BY p.at`,
    values: [clusterId, from, to],
    rowMode: 'array',
  });
  return rows.map(clusterRollupOf);
}

type NodeRow = [
  Date,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
];

/** One node's series over [from, to), oldest first; a raw point is its own average and maximum. */
export async function nodeRollups(pool: Pool, nodeId: string, resolution: Resolution, from: Date, to: Date): Promise<NodeRollup[]> {
  const { rows } = await pool.query<NodeRow>({
    text:
      resolution === 'raw'
        ? `SELECT at, fill, disk_used_gb, memory_used_gb, reads_per_s, reads_per_s, writes_per_s, writes_per_s, p99_ms, p99_ms
           FROM metric_points WHERE node_id = $1 AND at >= $2 AND at < $3 ORDER BY at`
        : `SELECT bucket, fill_max, disk_used_gb_max, memory_used_gb_max, reads_avg, reads_max, writes_avg, writes_max, p99_avg, p99_max
           FROM node_metric_rollups WHERE node_id = $1 AND resolution = $4 AND bucket >= $2 AND bucket < $3 ORDER BY bucket`,
    values: resolution === 'raw' ? [nodeId, from, to] : [nodeId, from, to, resolution],
    rowMode: 'array',
  });
  return rows.map((r) => ({
    bucket: r[0],
    fillMax: num(r[1]),
    diskUsedGbMax: num(r[2]),
    memoryUsedGbMax: num(r[3]),
    readsAvg: num(r[4]),
    readsMax: num(r[5]),
    writesAvg: num(r[6]),
    writesMax: num(r[7]),
    p99Avg: num(r[8]),
    p99Max: num(r[9]),
  }));
}
