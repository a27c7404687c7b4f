import type { Pool } from '../../infra/db/pool';
import type { EngineName } from '../../core/types';

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

/** Column name, SQL array type, and the value of a record, in insert order. */
const insertColumns: Array<[string, string, (f: CapacityForecastRecord) => unknown]> = [
  ['cluster_id', 'uuid', (f) => f.clusterId],
  ['computed_at', 'timestamptz', (f) => f.computedAt],
  ['method', 'text', (f) => f.method],
  ['resource', 'text', (f) => f.resource],
  ['history_days', 'int', (f) => f.historyDays],
  ['last_bucket', 'timestamptz', (f) => f.lastBucket],
  ['fill_now', 'real', (f) => f.fillNow],
  ['used_gb', 'real', (f) => f.usedGb],
  ['capacity_gb', 'real', (f) => f.capacityGb],
  ['daily_growth_gb', 'real', (f) => f.dailyGrowthGb],
  ['exhaustion_at', 'timestamptz', (f) => f.exhaustionAt],
  ['earliest_at', 'timestamptz', (f) => f.earliestAt],
  ['latest_at', 'timestamptz', (f) => f.latestAt],
  ['days_left', 'int', (f) => f.daysLeft],
  ['ops_peak_per_s', 'real', (f) => f.opsPeakPerSecond],
  ['ops_limit_per_s', 'real', (f) => f.opsLimitPerSecond],
  ['ops_limit_at', 'timestamptz', (f) => f.opsLimitAt],
  ['p99_observed_ms', 'real', (f) => f.p99ObservedMs],
  ['points', 'text', (f) => JSON.stringify(f.points)],
];

interface Row {
  cluster_id: string;
  computed_at: Date;
  method: ForecastMethod;
  resource: 'disk' | 'memory';
  history_days: number;
  last_bucket: Date;
  fill_now: number;
  used_gb: number;
  capacity_gb: number;
  daily_growth_gb: number;
  exhaustion_at: Date | null;
  earliest_at: Date | null;
  latest_at: Date | null;
  days_left: number | null;
  ops_peak_per_s: number;
  ops_limit_per_s: number;
  ops_limit_at: Date | null;
  p99_observed_ms: number | null;
  points: StoredPoint[];
}

const columns = insertColumns.map(([name]) => name).join(', ');

const fromRow = (r: Row): CapacityForecastRecord => ({
  clusterId: r.cluster_id,
  computedAt: r.computed_at,
  method: r.method,
  resource: r.resource,
  historyDays: r.history_days,
  lastBucket: r.last_bucket,
  fillNow: r.fill_now,
  usedGb: r.used_gb,
  capacityGb: r.capacity_gb,
  dailyGrowthGb: r.daily_growth_gb,
  exhaustionAt: r.exhaustion_at,
  earliestAt: r.earliest_at,
  latestAt: r.latest_at,
  daysLeft: r.days_left,
  opsPeakPerSecond: r.ops_peak_per_s,
  opsLimitPerSecond: r.ops_limit_per_s,
  opsLimitAt: r.ops_limit_at,
  p99ObservedMs: r.p99_observed_ms,
  points: r.points,
});

/** Stores and reads the current forecast of each cluster (one row per cluster, replaced by each run). */
export class ForecastRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * One statement for the whole batch, each column sent as one array and unnested: a fleet run
   * writes 10,000 rows in ten round trips, and nothing is parsed as JSON on the way but the points.
   */
  async upsertMany(forecasts: CapacityForecastRecord[]): Promise<void> {
    if (forecasts.length === 0) return;
    const names = insertColumns.map(([name]) => name);
    const casts = insertColumns.map(([, type], i) => `$${i + 1}::${type}[]`);
    await this.pool.query(
      `INSERT INTO capacity_forecasts (${names.join(', ')})
       SELECT ${names.map((n) => (n === 'points' ? 'points::json' : n)).join(', ')} FROM unnest(${casts.join(', ')}) AS r(${names.join(', ')})
       ON CONFLICT (cluster_id) DO UPDATE SET ${names
         .slice(1)
         .map((n) => `${n} = EXCLUDED.${n}`)
         .join(', ')}`,
      insertColumns.map(([, , value]) => forecasts.map(value)),
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
      cluster: r.name,
      clusterId: r.id,
      engine: r.engine,
      owner: r.owner,
      daysLeft: r.days_left,
      exhaustionAt: r.exhaustion_at,
      earliestAt: r.earliest_at,
      latestAt: r.latest_at,
      fillNow: r.fill_now,
      simulated: r.simulated,
    }));
  }
}
