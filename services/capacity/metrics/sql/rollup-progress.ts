import type { PoolClient } from '../../../infra/db/pool';

// Any constant works; it only has to be the same in every process that rolls up this database.
const ROLLUP_LOCK_KEY = 7_311_042_012;

/** Takes the session-level rollup lock on this connection; false when another run holds it. */
export async function tryRollupLock(client: PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [ROLLUP_LOCK_KEY]);
  return rows[0]?.locked === true;
}

export async function releaseRollupLock(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1)', [ROLLUP_LOCK_KEY]);
}

/** Where the named rollup got to (undefined: never ran). */
export async function rollupMark(client: PoolClient, name: string): Promise<number | undefined> {
  const { rows } = await client.query<{ done_until: Date }>('SELECT done_until FROM metric_rollup_progress WHERE name = $1', [name]);
  return rows[0]?.done_until.getTime();
}

/** Moves the mark forward only: two runs finishing out of order never move it back. */
export async function recordRollupMark(client: PoolClient, name: string, doneUntil: Date): Promise<void> {
  await client.query(
    `INSERT INTO metric_rollup_progress (name, done_until) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET done_until = greatest(metric_rollup_progress.done_until, excluded.done_until)`,
    [name, doneUntil],
  );
}
