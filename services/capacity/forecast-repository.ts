import type { Pool } from '../db/pool';
import type { EngineName } from '../domain/types';

export type ForecastMethod = 'holt-winters' | 'linear' | 'insufficient-history';

/** [day after lastBucket, used GB, low GB, high GB]: compact, a forecast row holds a few hundred. */
export type StoredPoint = [number, number, number, number];

/** The current capacity forecast of one cluster, as stored. */
export interface CapacityForecastRecord {
  clusterId: string;
  computedAt: Date;
  method: ForecastMethod;
  resource: 'disk' | 'memory';
  historyDays: number;
  lastBucket: Date;
  fillNow: number;
  usedGb: number;
  capacityGb: number;
  dailyGrowthGb: number;
  exhaustionAt: Date | null;
  earliestAt: Date | null;
  latestAt: Date | null;
  daysLeft: number | null;
  opsPeakPerSecond: number;
  opsLimitPerSecond: number;
  opsLimitAt: Date | null;
  p99ObservedMs: number | null;
  points: StoredPoint[];
}

export interface AtRiskRow {
  cluster: string;
  clusterId: string;
  engine: EngineName;
  owner: string;
  daysLeft: number;
  exhaustionAt: Date | null;
  earliestAt: Date | null;
  latestAt: Date | null;
  fillNow: number;
  simulated: boolean;
}

const columns = `cluster_id, computed_at, method, resource, history_days, last_bucket, fill_now, used_gb, capacity_gb,
  daily_growth_gb, exhaustion_at, earliest_at, latest_at, days_left, ops_peak_per_s, ops_limit_per_s, ops_limit_at,
  p99_observed_ms, points`;

const toRow = (f: CapacityForecastRecord) => ({
  cluster_id: f.clusterId, computed_at: f.computedAt, method: f.method, resource: f.resource, history_days: f.historyDays,
  last_bucket: f.lastBucket, fill_now: f.fillNow, used_gb: f.usedGb, capacity_gb: f.capacityGb, daily_growth_gb: f.dailyGrowthGb,
  exhaustion_at: f.exhaustionAt, earliest_at: f.earliestAt, latest_at: f.latestAt, days_left: f.daysLeft,
  ops_peak_per_s: f.opsPeakPerSecond, ops_limit_per_s: f.opsLimitPerSecond, ops_limit_at: f.opsLimitAt,
  p99_observed_ms: f.p99ObservedMs, points: f.points,
});

type Row = ReturnType<typeof toRow>;

const fromRow = (r: Row): CapacityForecastRecord => ({
  clusterId: r.cluster_id, computedAt: r.computed_at, method: r.method, resource: r.resource, historyDays: r.history_days,
  lastBucket: r.last_bucket, fillNow: r.fill_now, usedGb: r.used_gb, capacityGb: r.capacity_gb, dailyGrowthGb: r.daily_growth_gb,
  exhaustionAt: r.exhaustion_at, earliestAt: r.earliest_at, latestAt: r.latest_at, daysLeft: r.days_left,
  opsPeakPerSecond: r.ops_peak_per_s, opsLimitPerSecond: r.ops_limit_per_s, opsLimitAt: r.ops_limit_at,
  p99ObservedMs: r.p99_observed_ms, points: r.points,
});

/** Stores and reads the current forecast of each cluster (one row per cluster, replaced by each run). */
export class ForecastRepository {
  constructor(private readonly pool: Pool) {}

  /** One statement for the whole batch: a fleet run writes 10,000 rows in a handful of round trips. */
  async upsertMany(forecasts: CapacityForecastRecord[]): Promise<void> {
    if (forecasts.length === 0) return;
    await this.pool.query(
      `INSERT INTO capacity_forecasts (${columns})
       SELECT ${columns} FROM jsonb_populate_recordset(NULL::capacity_forecasts, $1::jsonb)
       ON CONFLICT (cluster_id) DO UPDATE SET
         computed_at = EXCLUDED.computed_at, method = EXCLUDED.method, resource = EXCLUDED.resource,
         history_days = EXCLUDED.history_days, last_bucket = EXCLUDED.last_bucket, fill_now = EXCLUDED.fill_now,
         used_gb = EXCLUDED.used_gb, capacity_gb = EXCLUDED.capacity_gb, daily_growth_gb = EXCLUDED.daily_growth_gb,
         exhaustion_at = EXCLUDED.exhaustion_at, earliest_at = EXCLUDED.earliest_at, latest_at = EXCLUDED.latest_at,
         days_left = EXCLUDED.days_left, ops_peak_per_s = EXCLUDED.ops_peak_per_s, ops_limit_per_s = EXCLUDED.ops_limit_per_s,
         ops_limit_at = EXCLUDED.ops_limit_at, p99_observed_ms = EXCLUDED.p99_observed_ms, points = EXCLUDED.points`,
      [JSON.stringify(forecasts.map(toRow))],
    );
  }

  async find(clusterId: string): Promise<CapacityForecastRecord | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${columns} FROM capacity_forecasts WHERE cluster_id = $1`, [clusterId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Clusters with a predicted exhaustion, soonest first; decommissioned ones are left out. */
  async atRisk(limit: number): Promise<AtRiskRow[]> {
    const { rows } = await this.pool.query(
      `SELECT c.name, c.id, c.engine, t.name AS owner, f.days_left, f.exhaustion_at, f.earliest_at, f.latest_at, f.fill_now, c.simulated
         FROM capacity_forecasts f JOIN clusters c ON c.id = f.cluster_id JOIN teams t ON t.id = c.owner_team_id
        WHERE f.days_left IS NOT NULL AND c.status NOT IN ('DECOMMISSIONING', 'DECOMMISSIONED')
        ORDER BY f.days_left, f.exhaustion_at, c.name LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      cluster: r.name, clusterId: r.id, engine: r.engine, owner: r.owner, daysLeft: r.days_left, exhaustionAt: r.exhaustion_at,
      earliestAt: r.earliest_at, latestAt: r.latest_at, fillNow: r.fill_now, simulated: r.simulated,
    }));
  }
}
