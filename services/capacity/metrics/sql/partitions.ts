import type { Pool } from '../../../infra/db/pool';
import { DAY_MS } from '../../../core/clock';

const partitionName = /^metric_points_(\d{4})(\d{2})(\d{2})$/;

/** The UTC day (as YYYY-MM-DD) holding `at`. */
export const utcDay = (at: Date | number): string =>
  new Date(Math.floor(new Date(at).getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

/**
 * Creates the day partitions of metric_points that hold these instants, where missing. The SQL
 * function (migrations/011) serialises creators, so two processes at once both succeed.
 */
export async function ensurePartitions(pool: Pool, instants: Array<Date | number>): Promise<void> {
  const days = [...new Set(instants.map(utcDay))].sort();
  for (const day of days) await pool.query('SELECT metric_points_ensure_partition($1::date)', [day]);
}

/** Today's partition and the next `daysAhead` days', so a write at midnight never waits on a CREATE. */
export async function ensureUpcomingPartitions(pool: Pool, now: Date, daysAhead: number): Promise<void> {
  await ensurePartitions(
    pool,
    Array.from({ length: daysAhead + 1 }, (_, i) => now.getTime() + i * DAY_MS),
  );
}

/** The day partitions that exist, oldest first, as UTC days. */
export async function listPartitions(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'metric_points'::regclass`,
  );
  return rows
    .map((r) => partitionName.exec(r.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}-${m[2]}-${m[3]}`)
    .sort();
}

/**
 * Drops the partitions whose whole day is older than `retentionDays` before `now`: expiry costs one
 * DROP TABLE per day instead of deleting a day of rows. Returns the days dropped. Two runs at once
 * are harmless (DROP ... IF EXISTS).
 */
export async function dropExpiredPartitions(pool: Pool, now: Date, retentionDays: number): Promise<string[]> {
  const oldestKept = utcDay(now.getTime() - retentionDays * DAY_MS);
  const expired = (await listPartitions(pool)).filter((day) => day < oldestKept);
  for (const day of expired) await pool.query(`DROP TABLE IF EXISTS metric_points_${day.replaceAll('-', '')}`);
  return expired;
}
