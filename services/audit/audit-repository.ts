import type { Pool, PoolClient } from '../infra/db/pool';
import type { AuditEvent } from '../core/types';
import { newId } from '../core/ids';

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

export class AuditRepository {
  constructor(private readonly pool: Pool) {}

  /** Pass a transaction's client to record the event atomically with the change it describes. */
  async record(event: NewAuditEvent, db: Queryable = this.pool): Promise<void> {
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

  async forTarget(targetType: string, targetId: string, limit = 200): Promise<AuditEvent[]> {
    const { rows } = await this.pool.query(
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
}
