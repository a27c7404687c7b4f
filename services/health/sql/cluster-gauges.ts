import type { Pool } from '../../infra/db/pool';

/** What the per-cluster gauges show of one live cluster: its labels, its health score and its latest forecast. */
export interface ClusterGaugeRow {
  id: string;
  name: string;
  engine: string;
  team: string;
  /** The cluster's recorded health score (0-100); null until the health stream has scored it. */
  score: number | null;
  /** Its latest forecast's fill of the usable capacity (1 = exhausted); null without a forecast. */
  fill: number | null;
  daysLeft: number | null;
  forecast: boolean;
}

/** Every cluster not being or already decommissioned, with its health and forecast: one query for the whole fleet. */
export async function clusterGaugeRows(pool: Pool): Promise<ClusterGaugeRow[]> {
  const { rows } = await pool.query<ClusterGaugeRow>(
    `SELECT c.id, c.name, c.engine, t.name AS team, h.score, f.fill_now AS fill, f.days_left AS "daysLeft",
            f.cluster_id IS NOT NULL AS forecast
       FROM clusters c JOIN teams t ON t.id = c.owner_team_id
       LEFT JOIN health_states h ON h.target_type = 'cluster' AND h.target_id = c.id
       LEFT JOIN capacity_forecasts f ON f.cluster_id = c.id
      WHERE c.status NOT IN ('DECOMMISSIONING', 'DECOMMISSIONED')`,
  );
  return rows;
}
