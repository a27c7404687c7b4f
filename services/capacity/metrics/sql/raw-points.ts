import type { Pool } from '../../../infra/db/pool';
import { arrayLiteral } from '../array-literal';
import { ensurePartitions } from './partitions';

/** A raw point as stored (metric_points). */
export interface StoredPoint {
  clusterId: string;
  nodeId: string;
  at: Date;
  diskUsedGb: number | null;
  diskTotalGb: number | null;
  memoryUsedGb: number | null;
  memoryTotalGb: number | null;
  fill: number | null;
  readsPerSecond: number | null;
  writesPerSecond: number | null;
  p99Ms: number | null;
}

/** PostgreSQL's "no partition of relation found for row". */
const NO_PARTITION = '23514';
const CHUNK = 10_000;

const insertSql = `
  INSERT INTO metric_points (cluster_id, node_id, at, disk_used_gb, disk_total_gb, memory_used_gb, memory_total_gb, fill, reads_per_s, writes_per_s, p99_ms)
  SELECT c, n, to_timestamp(t / 1000), du, dt, mu, mt, f, r, w, p
    FROM unnest($1::uuid[], $2::uuid[], $3::float8[], $4::real[], $5::real[], $6::real[], $7::real[], $8::real[], $9::real[], $10::real[], $11::real[])
      AS u(c, n, t, du, dt, mu, mt, f, r, w, p)
  ON CONFLICT (node_id, at) DO NOTHING`;

const keys = [
  'clusterId',
  'nodeId',
  'at',
  'diskUsedGb',
  'diskTotalGb',
  'memoryUsedGb',
  'memoryTotalGb',
  'fill',
  'readsPerSecond',
  'writesPerSecond',
  'p99Ms',
] as const;

const columns = (points: StoredPoint[]): string[] => keys.map((k) => arrayLiteral(points.map((p) => p[k])));

/**
 * Writes raw points, one multi-row INSERT per 10,000. A node's interval that already has a point
 * keeps it (a replayed batch, a second aggregator that saw part of the interval): never a duplicate.
 * A day with no partition yet gets one, and the insert is retried: a write never fails for that.
 */
export async function insertRawPoints(pool: Pool, points: StoredPoint[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < points.length; i += CHUNK) {
    const chunk = points.slice(i, i + CHUNK);
    const values = columns(chunk);
    const result = await pool.query(insertSql, values).catch(async (error: { code?: string }) => {
      if (error.code !== NO_PARTITION) throw error;
      await ensurePartitions(
        pool,
        chunk.map((p) => p.at),
      );
      return pool.query(insertSql, values);
    });
    written += result.rowCount ?? 0;
  }
  return written;
}
