import type { Pool, PoolClient } from '../../infra/db/pool';
import type { FinishedOperationStatus, Operation, OperationStatus, OperationType, StepStatus } from '../../core/types';
import { toOperation, type OperationRow, type StepRow } from './operation-rows';
import { GroupCommit } from '../../infra/db/group-commit';
import { insertOperations, type NewOperation } from './operation-request';
import { claimOperations, type Claim } from './operation-claim';
import { finishOperations, type Finish, type Finished } from './operation-finish';

export type { NewOperation } from './operation-request';
export type { Claim, StepState } from './operation-claim';
export type { Finish, Finished } from './operation-finish';

type Queryable = Pool | PoolClient;

export interface OperationFilter {
  clusterId?: string;
  status?: OperationStatus;
  type?: OperationType;
  limit: number;
}

const WORKER_ACTOR = 'datafleet-worker';

/**
 * The operations and their steps. The three writes of an operation's run (request, claim, finish)
 * are group commits: what concurrent callers of this process ask while one statement is in flight
 * goes in the next one, so under load many operations share a round trip and a commit, and no
 * caller is answered before its change is committed.
 */
export class OperationRepository {
  private readonly requests = new GroupCommit<NewOperation>((ops) => insertOperations(this.pool, ops), 200);
  private readonly claims = new GroupCommit<string, Claim>((ids) => this.claimBatch(ids), 200);
  private readonly finishes = new GroupCommit<Finish, Finished>((batch) => this.finishBatch(batch), 200);

  constructor(private readonly pool: Pool) {}

  /** Records an operation inside the caller's transaction (with whatever else it writes). */
  async insert(op: NewOperation, db: Queryable): Promise<void> {
    await insertOperations(db, [op]);
  }

  /** Records an operation on its own, committed with those that concurrent callers record. */
  async request(op: NewOperation): Promise<void> {
    await this.requests.add(op);
  }

  /** See claimOperations: the operation as it is, and the lease token when it may run now. */
  claim(id: string): Promise<Claim> {
    return this.claims.add(id);
  }

  /** See finishOperations: ends the operation, releases its lease, names the next one of its cluster. */
  finishRun(finish: Omit<Finish, 'actor'>): Promise<Finished> {
    return this.finishes.add({ ...finish, actor: WORKER_ACTOR });
  }

  private async claimBatch(ids: string[]): Promise<Claim[]> {
    const unique = [...new Set(ids)];
    const claims = await claimOperations(this.pool, unique, WORKER_ACTOR);
    const seen = new Set<string>();
    return ids.map((id) => {
      // The same job twice in one batch: only the first copy runs it.
      const first = !seen.has(id);
      seen.add(id);
      const claim = claims.get(id) ?? { op: null, token: null, started: false };
      return first ? claim : { ...claim, token: null, duplicate: true };
    });
  }

  private async finishBatch(batch: Finish[]): Promise<Finished[]> {
    const seen = new Set<string>();
    const unique = batch.filter((f) => !seen.has(f.id) && seen.add(f.id));
    const results = await finishOperations(this.pool, unique);
    const answered = new Set<string>();
    return batch.map((f) => {
      const result = results.get(f.id) ?? { finished: false, clusterId: null, next: null };
      if (answered.has(f.id)) return { ...result, finished: false, next: null };
      answered.add(f.id);
      return result;
    });
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

  /** The engine parameters a team set on the cluster itself: every one a settings change that succeeded applied. */
  async settingsSetExplicitly(clusterId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT DISTINCT jsonb_object_keys(params->'settings') AS name FROM operations
        WHERE cluster_id = $1 AND type = 'change_settings' AND status = 'succeeded'`,
      [clusterId],
    );
    return rows.map((r) => r.name);
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

  /**
   * True when the operation is now the oldest open one of its cluster (the operation before it has
   * ended meanwhile), with the same rule as the claim.
   */
  async mayStart(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM operations o WHERE o.id = $1 AND o.status IN ('pending', 'running')
          AND o.id = (SELECT f.id FROM operations f WHERE f.cluster_id = o.cluster_id AND f.status IN ('pending', 'running')
                        AND (f.status = 'running' OR coalesce((f.params->>'notBefore')::timestamptz <= now(), true))
                      ORDER BY f.seq LIMIT 1)`,
      [id],
    );
    return (rowCount ?? 0) > 0;
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

  async finish(id: string, status: FinishedOperationStatus, error: string | null, db: Queryable = this.pool): Promise<boolean> {
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

  /**
   * The checkpoint between two steps, fenced by the lease token: one step done and the next one
   * running (counting an attempt unless it resumes a wait), in one write. Returns null when the
   * fence refused it, else whether a cancel was asked for and the next step's attempt number.
   */
  async advance(
    operationId: string,
    fence: { clusterId: string; token: number },
    doneIndex: number,
    nextIndex: number,
  ): Promise<{ cancelRequested: boolean; attempts: number } | null> {
    const { rows } = await this.pool.query<{ cancel_requested: boolean; attempts: number }>(
      `WITH held AS (SELECT 1 FROM cluster_leases WHERE cluster_id = $2 AND operation_id = $1 AND token = $3),
       done AS (
         UPDATE operation_steps SET status = 'done', error = NULL, finished_at = now()
          WHERE operation_id = $1 AND idx = $4 AND EXISTS (SELECT 1 FROM held)),
       next AS (
         UPDATE operation_steps SET status = 'running', attempts = attempts + CASE WHEN status = 'waiting' THEN 0 ELSE 1 END,
                started_at = COALESCE(started_at, now())
          WHERE operation_id = $1 AND idx = $5 AND EXISTS (SELECT 1 FROM held)
         RETURNING attempts)
       UPDATE operations SET updated_at = now() WHERE id = $1 AND EXISTS (SELECT 1 FROM held)
       RETURNING cancel_requested, (SELECT attempts FROM next) AS attempts`,
      [operationId, fence.clusterId, fence.token, doneIndex, nextIndex],
    );
    const row = rows[0];
    return row ? { cancelRequested: row.cancel_requested, attempts: row.attempts } : null;
  }
}
