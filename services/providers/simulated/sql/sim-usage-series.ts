import type { Pool } from '../../../infra/db/pool';

/** Where a simulated cluster's usage series starts and the capacity it was drawn for; null before its history is backfilled. */
export async function usageSeriesRow(pool: Pool, clusterId: string): Promise<{ origin: Date; capacityGb: number } | null> {
  const { rows } = await pool.query<{ origin: Date; capacity_gb: number }>(
    'SELECT origin, capacity_gb FROM sim_usage_series WHERE cluster_id = $1',
    [clusterId],
  );
  const row = rows[0];
  return row ? { origin: row.origin, capacityGb: Number(row.capacity_gb) } : null;
}
