import type { Pool } from '../../../infra/db/pool';

/**
 * Where a simulated cluster's usage series starts, the capacity it was drawn for and where it was
 * anchored (null: drawn from the seed alone); null before its history is backfilled.
 */
export async function usageSeriesRow(
  pool: Pool,
  clusterId: string,
): Promise<{ origin: Date; capacityGb: number; anchor: { day: number; gb: number } | null } | null> {
  const { rows } = await pool.query<{ origin: Date; capacity_gb: number; anchor_day: number | null; anchor_gb: number | null }>(
    'SELECT origin, capacity_gb, anchor_day, anchor_gb FROM sim_usage_series WHERE cluster_id = $1',
    [clusterId],
  );
  const row = rows[0];
  if (!row) return null;
  const anchor = row.anchor_day === null || row.anchor_gb === null ? null : { day: Number(row.anchor_day), gb: Number(row.anchor_gb) };
  return { origin: row.origin, capacityGb: Number(row.capacity_gb), anchor };
}
