import type { Pool, PoolClient } from '../pool';
import type { Operation, OperationStatus, OperationType, StepStatus } from '../../domain/types';
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
    const ops = await db.query<OperationRow>('SELECT * FROM operations WHERE id = $1', [id]);
    if (!ops.rows[0]) return null;
    const steps = await db.query<StepRow>('SELECT * FROM operation_steps WHERE operation_id = $1 ORDER BY idx', [id]);
    return toOperation(ops.rows[0], steps.rows);
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

  /** The oldest unfinished operation of a cluster: the one whose turn it is. */
  async nextOpen(clusterId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM operations WHERE cluster_id = $1 AND status IN ('pending', 'running') ORDER BY seq LIMIT 1`,
      [clusterId],
    );
    return rows[0]?.id ?? null;
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

  async finish(id: string, status: Extract<OperationStatus, 'succeeded' | 'failed' | 'cancelled'>, error: string | null, db: Queryable = this.pool): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE operations SET status = $2, error = $3, finished_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('pending', 'running')`,
      [id, status, error],
    );
    return (rowCount ?? 0) > 0;
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
      [operationId, index, change.status ?? null, change.checkpoint ? JSON.stringify(change.checkpoint) : null, 'error' in change,
        change.error ?? null, change.countAttempt ?? false, fence?.clusterId ?? null, fence?.token ?? null],
    );
    return (rowCount ?? 0) > 0;
  }
}
