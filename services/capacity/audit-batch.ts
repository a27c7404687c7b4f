import type { Pool } from '../infra/db/pool';
import type { NewAuditEvent } from '../audit/audit-repository';
import { newId } from '../core/ids';

/**
 * Audit events of a fleet pass in one INSERT: the first forecast of a large fleet may open
 * thousands of notices, and one round trip each would dominate the run.
 */
export async function recordAuditEvents(pool: Pool, events: NewAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: newId(), actor: e.actor, action: e.action, target_type: e.targetType, target_id: e.targetId, reason: e.reason ?? null,
    before: e.before ?? null, after: e.after ?? null,
  }));
  await pool.query(
    `INSERT INTO audit_events (id, actor, action, target_type, target_id, reason, before, after)
     SELECT id, actor, action, target_type, target_id, reason, before, after
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, actor text, action text, target_type text, target_id text, reason text, before jsonb, after jsonb)`,
    [JSON.stringify(rows)],
  );
}
