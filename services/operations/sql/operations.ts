import type { Pool, PoolClient } from '../../infra/db/pool';
import type { FinishedOperationStatus, Operation, OperationStatus, OperationType, StepStatus } from '../../core/types';
import { toOperation, type OperationRow, type StepRow } from './operation-rows';

type Queryable = Pool | PoolClient;

export interface NewOperation {
  id: string;
  clusterId: string;
  type: OperationType;
  requestedBy: string;
  reason: string;
  params: Record<string, unknown>;
  priority: number;
  steps: string[];
}

export interface OperationFilter {
  clusterId?: string;
  status?: OperationStatus;
  type?: OperationType;
  limit: number;
}

export class OperationRepository {
  constructor(private readonly pool: Pool) {}

  async insert(op: NewOperation, db: Queryable): Promise<void> {
    await db.query(
      `INSERT INTO operations (id, cluster_id, type, status, requested_by, reason, params, priority)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7)`,
      [op.id, op.clusterId, op.type, op.requestedBy, op.reason, JSON.stringify(op.params), op.priority],
    );
    await db.query(
      `INSERT INTO operation_steps (operation_id, idx, name) SELECT $1, i - 1, name FROM unnest($2::text[]) WITH ORDINALITY AS s(name, i)`,
      [op.id, op.steps],
    );
  }

  async get(id: string, db: Queryable = this.pool): Promise<Operation | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    // One round trip: the operation with its steps aggregated (read on every step of every run).
    const { rows } = await db.query<OperationRow & { step_rows: StepRow[] }>(
      `SELECT o.*, COALESCE((SELECT json_agg(s ORDER BY s.idx) FROM operation_steps s WHERE s.operation_id = o.id), '[]') AS step_rows
         FROM operations o WHERE o.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const date = (v: Date | string | null) => (v === null ? null : new Date(v));
    const steps = row.step_rows.map((s) => ({ ...s, started_at: date(s.started_at), finished_at: date(s.finished_at) }));
    return toOperation(row, steps);
  }

  /** The cluster's pending and running operations of one type, oldest first, with their params. */
  async openOfType(
    clusterId: string,
    type: OperationType,
    db: Queryable = this.pool,
  ): Promise<Array<{ id: string; params: Record<string, unknown> }>> {
    const { rows } = await db.query<{ id: string; params: Record<string, unknown> }>(
      "SELECT id, params FROM operations WHERE cluster_id = $1 AND type = $2 AND status IN ('pending', 'running') ORDER BY seq",
      [clusterId, type],
    );
    return rows;
  }

  async list(filter: OperationFilter): Promise<Operation[]> {
    const { rows } = await this.pool.query<OperationRow>(
      `SELECT * FROM operations WHERE ($1::uuid IS NULL OR cluster_id = $1) AND ($2::text IS NULL OR status = $2)
         AND ($3::text IS NULL OR type = $3) ORDER BY seq DESC LIMIT $4`,
      [filter.clusterId ?? null, filter.status ?? null, filter.type ?? null, filter.limit],
    );
    if (rows.length === 0) return [];
    const steps = await this.pool.query<StepRow>('SELECT * FROM operation_steps WHERE operation_id = ANY($1) ORDER BY idx', [
      rows.map((r) => r.id),
    ]);
    return rows.map((r) => toOperation(r, steps.rows));
  }

  /** Operations not yet finished whose row has not moved for `idleMs`: candidates for re-enqueueing. */
  async idleOpen(idleMs: number, limit = 500): Promise<Array<{ id: string; priority: number }>> {
    const { rows } = await this.pool.query<{ id: string; priority: number }>(
      `SELECT id, priority FROM operations WHERE status IN ('pending', 'running')
         AND updated_at < now() - make_interval(secs => $1::double precision / 1000) ORDER BY seq LIMIT $2`,
      [idleMs, limit],
    );
    return rows;
  }

  async cancelRequested(id: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ cancel_requested: boolean }>('SELECT cancel_requested FROM operations WHERE id = $1', [id]);
    return rows[0]?.cancel_requested ?? false;
  }

  async markRunning(id: string): Promise<void> {
    await this.pool.query(
      `UPDATE operations SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, now()), updated_at = now()
        WHERE id = $1 AND status IN ('pending', 'running')`,
      [id],
    );
  }

  /** Records liveness so the reconciler leaves a waiting operation alone. */
  async touch(id: string): Promise<void> {
    await this.pool.query('UPDATE operations SET updated_at = now() WHERE id = $1', [id]);
  }

  async finish(id: string, status: FinishedOperationStatus, error: string | null, db: Queryable = this.pool): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE operations SET status = $2, error = $3, finished_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('pending', 'running')`,
      [id, status, error],
    );
    return (rowCount ?? 0) > 0;
  }

  /**
   * Ends a running operation in one statement: sets its final status, records the audit event,
   * releases the cluster lease, and returns whether this call ended it and which operation of the
   * cluster is next in line.
   */
  async finishAndRelease(
    op: { id: string; clusterId: string; type: string; reason: string },
    status: FinishedOperationStatus,
    error: string | null,
    actor: string,
  ): Promise<{ finished: boolean; next: string | null }> {
    const { rows } = await this.pool.query<{ finished: number; next: string | null }>(
      `WITH f AS (
         UPDATE operations SET status = $2, error = $3, finished_at = now(), updated_at = now()
          WHERE id = $1 AND status IN ('pending', 'running') RETURNING id, cluster_id, type),
       a AS (
         INSERT INTO audit_events (id, actor, action, target_type, target_id, reason, before, after)
         SELECT gen_random_uuid(), $5, 'operation.' || f.type || '.' || $2, 'cluster', f.cluster_id::text, COALESCE($3, $6),
                jsonb_build_object('operationId', f.id, 'status', 'running'), jsonb_build_object('operationId', f.id, 'status', $2)
           FROM f),
       r AS (DELETE FROM cluster_leases WHERE cluster_id = $4 AND operation_id = $1)
       SELECT (SELECT count(*) FROM f) AS finished,
              (SELECT id FROM operations WHERE cluster_id = $4 AND status IN ('pending', 'running') AND id <> $1
                  AND coalesce((params->>'notBefore')::timestamptz <= now(), true) ORDER BY seq LIMIT 1) AS next`,
      [op.id, status, error, op.clusterId, actor, op.reason],
    );
    return { finished: (rows[0]?.finished ?? 0) > 0, next: rows[0]?.next ?? null };
  }

  async requestCancel(id: string): Promise<void> {
    await this.pool.query('UPDATE operations SET cancel_requested = true, updated_at = now() WHERE id = $1', [id]);
  }

  /**
   * Changes one step. With a fence, the write happens only while that lease token is current, so a
   * worker that lost its lease (it stalled and another took over) cannot overwrite newer progress.
   * Returns false when the fence refused the write.
   */
  async updateStep(
    operationId: string,
    index: number,
    change: { status?: StepStatus; checkpoint?: Record<string, unknown>; error?: string | null; countAttempt?: boolean },
    fence?: { clusterId: string; token: number },
  ): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `WITH step AS (UPDATE operation_steps SET
         status = COALESCE($3, status),
         checkpoint = CASE WHEN $4::jsonb IS NULL THEN checkpoint ELSE checkpoint || $4::jsonb END,
         error = CASE WHEN $5::boolean THEN $6 ELSE error END,
         attempts = attempts + CASE WHEN $7::boolean THEN 1 ELSE 0 END,
         started_at = CASE WHEN $3 = 'running' THEN COALESCE(started_at, now()) ELSE started_at END,
         finished_at = CASE WHEN $3 IN ('done', 'failed', 'skipped') THEN now() ELSE finished_at END
       WHERE operation_id = $1 AND idx = $2
         AND ($8::uuid IS NULL OR EXISTS (SELECT 1 FROM cluster_leases l WHERE l.cluster_id = $8 AND l.operation_id = $1 AND l.token = $9))
       RETURNING operation_id)
       UPDATE operations SET updated_at = now() WHERE id IN (SELECT operation_id FROM step)`,
      [
        operationId,
        index,
        change.status ?? null,
        change.checkpoint ? JSON.stringify(change.checkpoint) : null,
        'error' in change,
        change.error ?? null,
        change.countAttempt ?? false,
        fence?.clusterId ?? null,
        fence?.token ?? null,
      ],
    );
    return (rowCount ?? 0) > 0;
  }
}
