import type { Pool } from '../../services/infra/db/pool';
import { dailyMaxUsage, usageSeriesFor } from '../../services/providers/simulated/usage-series';
import { DAY_MS } from '../../services/core/clock';

/** Rows per INSERT: a few dozen statements for a fleet, each array parameter a few MB. */
const ROWS_PER_STATEMENT = 60_000;

export interface SeedCluster {
  id: string;
  capacityGb: number;
  nodeCount: number;
}

/** Deterministic per-cluster traffic in [min, max), from a cheap integer hash of the cluster's index. */
function spread(i: number, salt: number, min: number, max: number): number {
  let h = Math.imul(i ^ salt, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return min + ((h >>> 0) / 2 ** 32) * (max - min);
}

/**
 * Writes `days` daily cluster rollups ending today (UTC) for every cluster, drawn from the same
 * seeded usage series the simulator follows (growth, step changes, weekly cycle, compaction
 * sawtooth, noise): each day's fill is the highest of its hourly samples, as the rollup would
 * record it. Bulk INSERT … SELECT FROM unnest(arrays): one round trip per 60,000 rows.
 */
export async function seedDailyHistory(pool: Pool, clusters: SeedCluster[], days: number, seed: number): Promise<number> {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const columns = {
    id: [] as string[],
    bucket: [] as string[],
    fill: [] as number[],
    used: [] as number[],
    capacity: [] as number[],
    reads: [] as number[],
    writes: [] as number[],
    p99: [] as number[],
    nodes: [] as number[],
  };
  let written = 0;
  const flush = async () => {
    if (columns.id.length === 0) return;
    await pool.query(
      `INSERT INTO cluster_metric_rollups (cluster_id, resolution, bucket, samples, fill_max, used_gb_max, capacity_gb, reads_avg, reads_max,
         writes_avg, writes_max, p99_max, node_count)
       SELECT id, 'day', bucket, 1440, fill, used, capacity, reads * 0.6, reads, writes * 0.6, writes, p99, nodes
         FROM unnest($1::uuid[], $2::timestamptz[], $3::real[], $4::real[], $5::real[], $6::real[], $7::real[], $8::real[], $9::int[])
           AS r(id, bucket, fill, used, capacity, reads, writes, p99, nodes)`,
      [columns.id, columns.bucket, columns.fill, columns.used, columns.capacity, columns.reads, columns.writes, columns.p99, columns.nodes],
    );
    written += columns.id.length;
    for (const list of Object.values(columns)) list.length = 0;
  };
  for (const [i, cluster] of clusters.entries()) {
    const series = usageSeriesFor(seed, cluster.id, cluster.capacityGb);
    const reads = spread(i, 1, 500, 20_000);
    const writes = reads * spread(i, 2, 0.1, 0.6);
    const traffic = spread(i, 3, 0, 0.004);
    const p99 = spread(i, 4, 1.5, 8);
    for (let d = 0; d < days; d++) {
      const used = dailyMaxUsage(series, d);
      const growth = 1 + traffic * d;
      columns.id.push(cluster.id);
      columns.bucket.push(new Date(today - (days - 1 - d) * DAY_MS).toISOString());
      columns.fill.push(used / cluster.capacityGb);
      columns.used.push(used);
      columns.capacity.push(cluster.capacityGb);
      columns.reads.push(reads * growth);
      columns.writes.push(writes * growth);
      columns.p99.push(p99 * (1 + 0.2 * Math.sin(d)));
      columns.nodes.push(cluster.nodeCount);
    }
    if (columns.id.length >= ROWS_PER_STATEMENT) await flush();
  }
  await flush();
  await pool.query('VACUUM ANALYZE cluster_metric_rollups');
  return written;
}
