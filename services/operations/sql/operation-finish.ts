import type { Pool } from '../../infra/db/pool';
import type { FinishedOperationStatus } from '../../core/types';
import type { StepState } from './operation-claim';

export interface Finish {
  id: string;
  status: FinishedOperationStatus;
  error: string | null;
  actor: string;
  /** The step whose success is written with the finish (the last one), or null. */
  lastStep: number | null;
  /** A step marked running that never ran (the operation ended before it), put back as it was. */
  restoreStep: StepState | null;
  /** The lease token the finish is fenced by, or null for an operation that never held the lease. */
  token: number | null;
}

export interface Finished {
  /** This call ended the operation (false: it had ended already, or the fence refused). */
  finished: boolean;
  clusterId: string | null;
  /** The operation of the same cluster that may start now, if one is waiting. */
  next: string | null;
}

/**
 * Ends a batch of operations in one statement: marks the last step done, sets each final status,
 * records the audit events, releases the cluster leases, and says which operation of each cluster
 * is next in line. With a token, nothing is written unless that token still holds the lease, so a
 * worker that lost its lease cannot end an operation another worker is running.
 */
export async function finishOperations(pool: Pool, batch: Finish[]): Promise<Map<string, Finished>> {
  const { rows } = await pool.query<{ id: string; finished: boolean; cluster_id: string | null; next: string | null }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::int[], $8::text[], $9::int[])
           AS i(id, status, error, actor, last_step, token, restore_step, restore_status, restore_attempts)),
     f AS (
       UPDATE operations o SET status = i.status, error = i.error, finished_at = now(), updated_at = now()
         FROM input i
        WHERE o.id = i.id AND o.status IN ('pending', 'running')
          AND (i.token IS NULL OR EXISTS (SELECT 1 FROM cluster_leases l WHERE l.cluster_id = o.cluster_id AND l.operation_id = o.id AND l.token = i.token))
       RETURNING o.id, o.cluster_id, o.type, o.reason, i.status, i.error, i.actor, i.last_step, i.restore_step, i.restore_status, i.restore_attempts),
     step AS (
       UPDATE operation_steps st SET status = 'done', error = NULL, finished_at = now()
         FROM f WHERE st.operation_id = f.id AND st.idx = f.last_step),
     restored AS (
       UPDATE operation_steps st SET status = f.restore_status, attempts = f.restore_attempts,
              started_at = CASE WHEN f.restore_status = 'pending' THEN NULL ELSE st.started_at END
         FROM f WHERE st.operation_id = f.id AND st.idx = f.restore_step),
     audit AS (
       INSERT INTO audit_events (id, actor, action, target_type, target_id, reason, before, after)
       SELECT gen_random_uuid(), f.actor, 'operation.' || f.type || '.' || f.status, 'cluster', f.cluster_id::text, COALESCE(f.error, f.reason),
              jsonb_build_object('operationId', f.id, 'status', 'running'), jsonb_build_object('operationId', f.id, 'status', f.status)
         FROM f),
     released AS (DELETE FROM cluster_leases l USING f WHERE l.cluster_id = f.cluster_id AND l.operation_id = f.id)
     SELECT i.id, f.id IS NOT NULL AS finished, f.cluster_id,
            (SELECT n.id FROM operations n
              WHERE f.id IS NOT NULL AND n.cluster_id = f.cluster_id AND n.status IN ('pending', 'running') AND n.id <> ALL($1::uuid[])
                AND coalesce((n.params->>'notBefore')::timestamptz <= now(), true)
              ORDER BY n.seq LIMIT 1) AS next
       FROM input i LEFT JOIN f ON f.id = i.id`,
    [
      batch.map((b) => b.id),
      batch.map((b) => b.status),
      batch.map((b) => b.error),
      batch.map((b) => b.actor),
      batch.map((b) => b.lastStep),
      batch.map((b) => b.token),
      batch.map((b) => b.restoreStep?.index ?? null),
      batch.map((b) => b.restoreStep?.status ?? null),
      batch.map((b) => b.restoreStep?.attempts ?? null),
    ],
  );
  return new Map(rows.map((r) => [r.id, { finished: r.finished, clusterId: r.cluster_id, next: r.next }]));
}
