import type { PoolClient } from '../../../infra/db/pool';
import { DAY_MS, HOUR_MS } from '../../../core/clock';

/*
 * Folding raw points into hours and hours into days. Every statement is an upsert of whole buckets
 * recomputed from their source, so running it twice, or two at once, gives the same rows.
 * Buckets are UTC hours and days (date_trunc with an explicit zone: the session's does not matter).
 */

const nodeHours = `
  INSERT INTO node_metric_rollups AS r (node_id, cluster_id, resolution, bucket, samples, fill_max, disk_used_gb_max, memory_used_gb_max,
                                        reads_avg, reads_max, writes_avg, writes_max, p99_avg, p99_max)
  SELECT node_id, cluster_id, 'hour', date_trunc('hour', at, 'UTC'), count(*), max(fill), max(disk_used_gb), max(memory_used_gb),
         avg(reads_per_s), max(reads_per_s), avg(writes_per_s), max(writes_per_s), avg(p99_ms), max(p99_ms)
    FROM metric_points WHERE at >= $1 AND at < $2
   GROUP BY node_id, cluster_id, date_trunc('hour', at, 'UTC')
  ON CONFLICT (node_id, resolution, bucket) DO UPDATE SET
    samples = excluded.samples, fill_max = excluded.fill_max, disk_used_gb_max = excluded.disk_used_gb_max,
    memory_used_gb_max = excluded.memory_used_gb_max, reads_avg = excluded.reads_avg, reads_max = excluded.reads_max,
    writes_avg = excluded.writes_avg, writes_max = excluded.writes_max, p99_avg = excluded.p99_avg, p99_max = excluded.p99_max`;

// Per interval first (nodes' points share the interval's start), so reads and writes are summed over
// the nodes at one moment before the hour's average and peak are taken.
const clusterHours = `
  WITH moments AS (
    SELECT cluster_id, at, max(fill) AS fill, sum(reads_per_s) AS reads, sum(writes_per_s) AS writes, max(p99_ms) AS p99, count(*) AS nodes
      FROM metric_points WHERE at >= $1 AND at < $2
     GROUP BY cluster_id, at)
  INSERT INTO cluster_metric_rollups AS r (cluster_id, resolution, bucket, samples, fill_max, used_gb_max, capacity_gb,
                                           reads_avg, reads_max, writes_avg, writes_max, p99_max, node_count)
  SELECT m.cluster_id, 'hour', date_trunc('hour', m.at, 'UTC'), sum(m.nodes), max(m.fill),
         max(m.fill) * (c.spec->>'usableCapacityGb')::real, (c.spec->>'usableCapacityGb')::real,
         avg(m.reads), max(m.reads), avg(m.writes), max(m.writes), max(m.p99), max(m.nodes)
    FROM moments m JOIN clusters c ON c.id = m.cluster_id
   GROUP BY m.cluster_id, date_trunc('hour', m.at, 'UTC'), c.spec
  ON CONFLICT (cluster_id, resolution, bucket) DO UPDATE SET
    samples = excluded.samples, fill_max = excluded.fill_max, used_gb_max = excluded.used_gb_max, capacity_gb = excluded.capacity_gb,
    reads_avg = excluded.reads_avg, reads_max = excluded.reads_max, writes_avg = excluded.writes_avg, writes_max = excluded.writes_max,
    p99_max = excluded.p99_max, node_count = excluded.node_count`;

/** An average of hourly averages weighted by their samples; hours that did not measure it do not count. */
const weighted = (column: string) => `sum(${column} * samples) / nullif(sum(samples) FILTER (WHERE ${column} IS NOT NULL), 0)`;

const nodeDays = `
  INSERT INTO node_metric_rollups AS r (node_id, cluster_id, resolution, bucket, samples, fill_max, disk_used_gb_max, memory_used_gb_max,
                                        reads_avg, reads_max, writes_avg, writes_max, p99_avg, p99_max)
  SELECT node_id, cluster_id, 'day', date_trunc('day', bucket, 'UTC'), sum(samples), max(fill_max), max(disk_used_gb_max), max(memory_used_gb_max),
         ${weighted('reads_avg')}, max(reads_max), ${weighted('writes_avg')}, max(writes_max), ${weighted('p99_avg')}, max(p99_max)
    FROM node_metric_rollups WHERE resolution = 'hour' AND bucket >= $1 AND bucket < $2
   GROUP BY node_id, cluster_id, date_trunc('day', bucket, 'UTC')
  ON CONFLICT (node_id, resolution, bucket) DO UPDATE SET
    samples = excluded.samples, fill_max = excluded.fill_max, disk_used_gb_max = excluded.disk_used_gb_max,
    memory_used_gb_max = excluded.memory_used_gb_max, reads_avg = excluded.reads_avg, reads_max = excluded.reads_max,
    writes_avg = excluded.writes_avg, writes_max = excluded.writes_max, p99_avg = excluded.p99_avg, p99_max = excluded.p99_max`;

// The day's capacity is its last hour's: a cluster scaled up at noon has the new capacity from then on.
const clusterDays = `
  INSERT INTO cluster_metric_rollups AS r (cluster_id, resolution, bucket, samples, fill_max, used_gb_max, capacity_gb,
                                           reads_avg, reads_max, writes_avg, writes_max, p99_max, node_count)
  SELECT cluster_id, 'day', date_trunc('day', bucket, 'UTC'), sum(samples), max(fill_max), max(used_gb_max),
         (array_agg(capacity_gb ORDER BY bucket DESC))[1],
         ${weighted('reads_avg')}, max(reads_max), ${weighted('writes_avg')}, max(writes_max), max(p99_max), max(node_count)
    FROM cluster_metric_rollups WHERE resolution = 'hour' AND bucket >= $1 AND bucket < $2
   GROUP BY cluster_id, date_trunc('day', bucket, 'UTC')
  ON CONFLICT (cluster_id, resolution, bucket) DO UPDATE SET
    samples = excluded.samples, fill_max = excluded.fill_max, used_gb_max = excluded.used_gb_max, capacity_gb = excluded.capacity_gb,
    reads_avg = excluded.reads_avg, reads_max = excluded.reads_max, writes_avg = excluded.writes_avg, writes_max = excluded.writes_max,
    p99_max = excluded.p99_max, node_count = excluded.node_count`;

export const hourStart = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;
export const dayStart = (at: number): number => Math.floor(at / DAY_MS) * DAY_MS;

/** Recomputes the hourly rollups of every node and cluster with raw points in [from, to) (whole hours). */
export async function rollUpHours(client: PoolClient, from: number, to: number): Promise<{ nodes: number; clusters: number }> {
  const range = [new Date(hourStart(from)), new Date(hourStart(to - 1) + HOUR_MS)];
  const nodes = await client.query(nodeHours, range);
  const clusters = await client.query(clusterHours, range);
  return { nodes: nodes.rowCount ?? 0, clusters: clusters.rowCount ?? 0 };
}

/** Recomputes the daily rollups of the days that [from, to) touches, from their hours. */
export async function rollUpDays(client: PoolClient, from: number, to: number): Promise<{ nodes: number; clusters: number }> {
  const range = [new Date(dayStart(from)), new Date(dayStart(to - 1) + DAY_MS)];
  const nodes = await client.query(nodeDays, range);
  const clusters = await client.query(clusterDays, range);
  return { nodes: nodes.rowCount ?? 0, clusters: clusters.rowCount ?? 0 };
}
