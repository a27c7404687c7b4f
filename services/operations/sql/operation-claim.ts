import type { Pool } from '../../infra/db/pool';
import type { Operation, StepStatus } from '../../core/types';
import { toOperation, type OperationRow, type StepRow } from './operation-rows';

/** A step's status and attempt count. */
export interface StepState {
  index: number;
  status: StepStatus;
  attempts: number;
}

/** What a worker learns when it asks to run an operation. */
export interface Claim {
  /** The operation as it is now (after the claim's own changes), or null when it is gone or finished. */
  op: Operation | null;
  /** The fencing token of the cluster lease, or null when an earlier operation of the cluster must finish first. */
  token: number | null;
  /** The operation was pending before this claim: its start hooks have not run yet. */
  started: boolean;
  /** The step the claim marked running, as it was before: what to put back if it never runs. */
  stepBefore?: StepState;
  /** A second copy of the same job in one batch: only the first runs it. */
  duplicate?: boolean;
}

type JsonOperation = Omit<OperationRow, 'created_at' | 'started_at' | 'finished_at'> & {
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
};
type JsonStep = Omit<StepRow, 'started_at' | 'finished_at'> & { started_at: string | null; finished_at: string | null };

/**
 * Claims a batch of operations in one statement. For each operation that is the oldest open one of
 * its cluster (and not held until later): takes the cluster lease with a new fencing token, marks
 * the operation running (with its audit row the first time) and its first unfinished step running
 * (counting an attempt, unless it is resuming a wait). Every operation asked for comes back as it
 * is after the claim, with its steps and cancel flag, so the worker needs no other read.
 */
export async function claimOperations(pool: Pool, ids: string[], actor: string): Promise<Map<string, Claim>> {
  const { rows } = await pool.query<{
    op: JsonOperation;
    steps: JsonStep[];
    step: JsonStep | null;
    token: string | null;
    was: string | null;
  }>(
    `WITH want AS (
       SELECT o.id, o.cluster_id, o.status AS was FROM operations o
        WHERE o.id = ANY($1::uuid[]) AND o.status IN ('pending', 'running')
          AND o.id = (SELECT f.id FROM operations f WHERE f.cluster_id = o.cluster_id AND f.status IN ('pending', 'running')
                        AND (f.status = 'running' OR coalesce((f.params->>'notBefore')::timestamptz <= now(), true))
                      ORDER BY f.seq LIMIT 1)),
     lease AS (
       INSERT INTO cluster_leases (cluster_id, operation_id, token)
       SELECT cluster_id, id, nextval('lease_tokens') FROM want
       ON CONFLICT (cluster_id) DO UPDATE SET operation_id = EXCLUDED.operation_id, token = EXCLUDED.token, acquired_at = now()
       RETURNING operation_id, token),
     started AS (
       UPDATE operations o SET status = 'running', attempts = o.attempts + 1, started_at = COALESCE(o.started_at, now()), updated_at = now()
         FROM want w WHERE o.id = w.id
       RETURNING o.*),
     audit AS (
       INSERT INTO audit_events (id, actor, action, target_type, target_id, reason, before, after)
       SELECT gen_random_uuid(), $2, 'operation.' || s.type || '.running', 'cluster', s.cluster_id::text, s.reason,
              jsonb_build_object('operationId', s.id, 'status', 'pending'), jsonb_build_object('operationId', s.id, 'status', 'running')
         FROM started s JOIN want w ON w.id = s.id WHERE w.was = 'pending'),
     step AS (
       UPDATE operation_steps st SET status = 'running', attempts = st.attempts + CASE WHEN st.status = 'waiting' THEN 0 ELSE 1 END,
              started_at = COALESCE(st.started_at, now())
         FROM want w
        WHERE st.operation_id = w.id
          AND st.idx = (SELECT min(x.idx) FROM operation_steps x WHERE x.operation_id = w.id AND x.status NOT IN ('done', 'skipped'))
       RETURNING st.*)
     SELECT COALESCE(to_jsonb(s), to_jsonb(o)) AS op, l.token, w.was,
            (SELECT to_jsonb(step) FROM step WHERE step.operation_id = o.id) AS step,
            COALESCE((SELECT jsonb_agg(to_jsonb(x) ORDER BY x.idx) FROM operation_steps x WHERE x.operation_id = o.id), '[]') AS steps
       FROM operations o
       LEFT JOIN started s ON s.id = o.id
       LEFT JOIN lease l ON l.operation_id = o.id
       LEFT JOIN want w ON w.id = o.id
      WHERE o.id = ANY($1::uuid[])`,
    [ids, actor],
  );
  const claims = new Map<string, Claim>();
  for (const row of rows) {
    // The statement sees the steps as they were before it; the one it started replaces its old self.
    const started = row.step;
    const before = started ? row.steps.find((s) => s.idx === started.idx) : undefined;
    const steps = row.steps.map((s) => (s === before ? started! : s)).map(stepFromJson);
    const op = toOperation(operationFromJson(row.op), steps);
    const token = row.token === null ? null : Number(row.token);
    claims.set(op.id, {
      op: op.status === 'pending' || op.status === 'running' ? op : null,
      token,
      started: row.was === 'pending',
      ...(before ? { stepBefore: { index: before.idx, status: before.status, attempts: before.attempts } } : {}),
    });
  }
  return claims;
}

const date = (v: string | null) => (v === null ? null : new Date(v));

function operationFromJson(r: JsonOperation): OperationRow {
  return { ...r, created_at: new Date(r.created_at), started_at: date(r.started_at), finished_at: date(r.finished_at) };
}

function stepFromJson(s: JsonStep): StepRow {
  return { ...s, started_at: date(s.started_at), finished_at: date(s.finished_at) };
}
