import type { Pool } from '../../services/infra/db/pool';

const DAY_MS = 86_400_000;

export interface RollupShape {
  /** Usable capacity, GB (the cluster's spec.usableCapacityGb). */
  capacityGb: number;
  /** Fill (1 = full) `daysAgo` days before today, for daysAgo = days-1 … 0. */
  fill(daysAgo: number): number;
  days?: number;
  nodeCount?: number;
  /** Busiest reads and writes per second, summed over nodes. */
  readsMax?: number;
  writesMax?: number;
  p99Ms?: number;
}

/** Deterministic noise in [-0.5, 0.5) for a day. */
const jitter = (day: number): number => {
  const x = Math.sin(day * 12.9898) * 43758.5453;
  return x - Math.floor(x) - 0.5;
};

/** A straight trend that reaches fill 1.0 in `daysToFull` days, with a weekday/weekend swing and some noise. */
export function growingTowards(daysToFull: number, fillToday = 0.6, weekly = 0.005, noise = 0.01): (daysAgo: number) => number {
  const perDay = (1 - fillToday) / daysToFull;
  return (daysAgo) => fillToday - perDay * daysAgo + weekly * Math.cos((2 * Math.PI * daysAgo) / 7) + noise * jitter(daysAgo);
}

/**
 * A simulated cluster's own history is written once its provisioning succeeds (the first forecast,
 * in the background): it replaces the cluster's rollups from today on, so a shape seeded before it
 * lands would be lost. Waits until it has landed (its usage series and rollups commit in one
 * transaction). A cluster that is not simulated, or not provisioned by a worker (a test of the api
 * role alone, which sets the status itself), gets none.
 */
async function untilOwnHistoryLanded(pool: Pool, clusterId: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ gets_history: boolean; landed: boolean }>(
      `SELECT c.simulated AND EXISTS (SELECT 1 FROM operations o WHERE o.cluster_id = c.id AND o.type = 'provision' AND o.status = 'succeeded')
                AS gets_history,
              EXISTS (SELECT 1 FROM sim_usage_series s WHERE s.cluster_id = c.id) AS landed
         FROM clusters c WHERE c.id = $1`,
      [clusterId],
    );
    if (!rows[0]) throw new Error(`no cluster ${clusterId}`);
    if (!rows[0].gets_history || rows[0].landed) return;
    if (Date.now() > deadline) throw new Error(`the simulated history of cluster ${clusterId} did not land in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Replaces a cluster's daily rollups with the given shape, ending today (UTC), the way the rollup
 * job would have written them; a simulated cluster's own history first lands.
 */
export async function seedDailyRollups(pool: Pool, clusterId: string, shape: RollupShape): Promise<void> {
  await untilOwnHistoryLanded(pool, clusterId);
  const days = shape.days ?? 120;
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const rows = Array.from({ length: days }, (_, i) => {
    const daysAgo = days - 1 - i;
    const fill = shape.fill(daysAgo);
    return {
      bucket: new Date(today - daysAgo * DAY_MS).toISOString(),
      fill,
      used: fill * shape.capacityGb,
      reads: shape.readsMax ?? 2000,
      writes: shape.writesMax ?? 500,
      p99: shape.p99Ms ?? 4,
    };
  });
  await pool.query(`DELETE FROM cluster_metric_rollups WHERE cluster_id = $1`, [clusterId]);
  await pool.query(
    `INSERT INTO cluster_metric_rollups (cluster_id, resolution, bucket, samples, fill_max, used_gb_max, capacity_gb, reads_avg, reads_max,
       writes_avg, writes_max, p99_max, node_count)
     SELECT $1, 'day', r.bucket, 1440, r.fill, r.used, $2, r.reads * 0.6, r.reads, r.writes * 0.6, r.writes, r.p99, $3
       FROM jsonb_to_recordset($4::jsonb) AS r(bucket timestamptz, fill real, used real, reads real, writes real, p99 real)`,
    [clusterId, shape.capacityGb, shape.nodeCount ?? 3, JSON.stringify(rows)],
  );
}
