import type { Pool } from '../../infra/db/pool';

/** The data a cluster held at its latest measured hour or day (the fullest node's fill × capacity), or null before any. */
export async function latestUsedGb(db: Pool, clusterId: string): Promise<number | null> {
  const { rows } = await db.query<{ used_gb_max: number }>(
    `SELECT used_gb_max FROM cluster_metric_rollups
      WHERE cluster_id = $1 AND used_gb_max IS NOT NULL
      ORDER BY bucket DESC, resolution = 'hour' DESC LIMIT 1`,
    [clusterId],
  );
  return rows[0]?.used_gb_max ?? null;
}
