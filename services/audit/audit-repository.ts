import type { Pool, PoolClient } from '../infra/db/pool';
import type { AuditEvent } from '../core/types';
import { auditEventsFor, insertAuditEvent, insertAuditEvents, type NewAuditEvent } from './sql/audit-events';

export type { NewAuditEvent };

type Queryable = Pool | PoolClient;

export class AuditRepository {
  constructor(private readonly pool: Pool) {}

  /** Pass a transaction's client to record the event atomically with the change it describes. */
  async record(event: NewAuditEvent, db: Queryable = this.pool): Promise<void> {
    await insertAuditEvent(db, event);
  }

  async forTarget(targetType: string, targetId: string, limit = 200): Promise<AuditEvent[]> {
    return auditEventsFor(this.pool, targetType, targetId, limit);
  }
}

/** Records a batch of events in one statement (a fleet pass's notices). */
export async function recordAuditEvents(pool: Pool, events: NewAuditEvent[]): Promise<void> {
  await insertAuditEvents(pool, events);
}
