import type { Pool, PoolClient } from '../../infra/db/pool';
import type { AuditEvent } from '../../core/types';
import { newId } from '../../core/ids';

/** An audit event to record; the database gives it its time and order. */
export interface NewAuditEvent {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

type Queryable = Pool | PoolClient;

export async function insertAuditEvent(db: Queryable, event: NewAuditEvent): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (id, actor, action, target_type, target_id, reason, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      newId(),
      event.actor,
      event.action,
      event.targetType,
      event.targetId,
      event.reason ?? null,
      event.before === undefined ? null : JSON.stringify(event.before),
      event.after === undefined ? null : JSON.stringify(event.after),
    ],
  );
}

/**
 * Many events in one INSERT: the first forecast of a large fleet may open thousands of notices,
 * and one round trip each would dominate the run.
 */
export async function insertAuditEvents(db: Queryable, events: NewAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: newId(),
    actor: e.actor,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    reason: e.reason ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
  }));
  await db.query(
    `INSERT INTO audit_events (id, actor, action, target_type, target_id, reason, before, after)
     SELECT id, actor, action, target_type, target_id, reason, before, after
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, actor text, action text, target_type text, target_id text, reason text, before jsonb, after jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** A target's events, newest first. */
export async function auditEventsFor(db: Queryable, targetType: string, targetId: string, limit: number): Promise<AuditEvent[]> {
  const { rows } = await db.query(
    `SELECT id, at, actor, action, target_type, target_id, reason, before, after FROM audit_events
      WHERE target_type = $1 AND target_id = $2 ORDER BY seq DESC LIMIT $3`,
    [targetType, targetId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    reason: r.reason,
    before: r.before,
    after: r.after,
  }));
}
