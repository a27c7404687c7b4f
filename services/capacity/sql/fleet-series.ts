import type { Pool } from '../../infra/db/pool';
import type { CapacitySubject } from './capacity-subjects';
import { emptySeries, putDay, type DailySeries } from '../daily-series';
import { DAY_MS } from '../../core/clock';

/** One rollup as the query sends it: [UTC day number, fill, capacity GB, used GB, reads max, writes max, p99 max, nodes]. */
type DayTuple = [number, number | null, number | null, number | null, number | null, number | null, number | null, number];

/**
 * The daily series of a batch of clusters for a fleet pass, in one query that folds each cluster's
 * days into one JSON array. Same rows and the same conversion as dailyClusterRollups + dailySeries
 * (which the single-cluster paths use), but a row per cluster instead of per day: decoding 1.2
 * million rows field by field took node-pg about 12 s for 10,000 clusters; this takes about a third.
 */
export async function fleetDailySeries(pool: Pool, subjects: CapacitySubject[], sinceDays: number): Promise<Map<string, DailySeries>> {
  const bySubject = new Map<string, DailySeries>();
  if (subjects.length === 0) return bySubject;
  const { rows } = await pool.query<{ cluster_id: string; days: DayTuple[] }>(
    `SELECT cluster_id,
            json_agg(json_build_array(floor(extract(epoch FROM bucket) / 86400)::int, fill_max, capacity_gb, used_gb_max,
                                      reads_max, writes_max, p99_max, node_count) ORDER BY bucket) AS days
       FROM cluster_metric_rollups
      WHERE cluster_id = ANY($1::uuid[]) AND resolution = 'day'
        AND bucket >= (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') - make_interval(days => $2)
      GROUP BY cluster_id`,
    [subjects.map((s) => s.id), Math.max(0, Math.floor(sinceDays))],
  );
  const capacityOf = new Map(subjects.map((s) => [s.id, s.spec.usableCapacityGb]));
  for (const { cluster_id: id, days } of rows) {
    const first = days[0];
    const last = days[days.length - 1];
    if (!first || !last) continue;
    const series = emptySeries(last[0] - first[0] + 1, new Date(last[0] * DAY_MS), last[7]);
    const capacity = capacityOf.get(id) ?? 0;
    for (const [day, fillMax, capacityGb, usedGbMax, readsMax, writesMax, p99Max] of days) {
      putDay(series, day - first[0], { fillMax, capacityGb, usedGbMax, readsMax, writesMax, p99Max }, capacity);
    }
    bySubject.set(id, series);
  }
  return bySubject;
}
