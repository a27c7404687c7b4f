import type { Pool, PoolClient } from '../../../infra/db/pool';
import type { ProviderEvent, ProviderEventType } from '../../provider';

/*
 * The simulated cloud's event feed (sim_events). An event may be written ahead with a future `at`
 * (a retirement notice due in ten simulated days, a recovery at the end of a reboot): it becomes
 * visible when the clock reaches it, so nothing has to tick in the background.
 */

type Db = Pool | PoolClient;

export interface NewSimEvent {
  providerId: string;
  type: ProviderEventType;
  at: Date;
  detail: string;
  deadline?: Date | null;
}

export async function addEvent(db: Db, event: NewSimEvent): Promise<void> {
  await db.query('INSERT INTO sim_events (provider_id, type, at, deadline, detail) VALUES ($1, $2, $3, $4, $5)', [
    event.providerId,
    event.type,
    event.at,
    event.deadline ?? null,
    event.detail,
  ]);
}

/** Drops what a node still had coming: a terminated node gets no notices, a new notice replaces the old. */
export async function dropFutureEvents(db: Db, providerId: string, now: Date, type?: ProviderEventType): Promise<void> {
  // Future events are few, so the index on `at` finds them; provider_id has no index of its own.
  await db.query('DELETE FROM sim_events WHERE at > $2 AND provider_id = $1 AND ($3::text IS NULL OR type = $3)', [
    providerId,
    now,
    type ?? null,
  ]);
}

/** Events that happened after `since` and by `now`, oldest first. */
export async function eventsBetween(db: Db, since: Date, now: Date): Promise<ProviderEvent[]> {
  const { rows } = await db.query<{ provider_id: string; type: ProviderEventType; at: Date; deadline: Date | null; detail: string }>(
    'SELECT provider_id, type, at, deadline, detail FROM sim_events WHERE at > $1 AND at <= $2 ORDER BY at, id',
    [since, now],
  );
  return rows.map((r) => ({
    type: r.type,
    providerId: r.provider_id,
    at: r.at,
    ...(r.deadline ? { deadline: r.deadline } : {}),
    detail: r.detail,
  }));
}
