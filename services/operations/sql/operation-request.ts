import type { Pool, PoolClient } from '../../infra/db/pool';
import type { OperationType } from '../../core/types';

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

/**
 * Records operations in one statement: each operation pending, its steps, and its "requested" audit
 * event. One row or a batch of many (a group commit of concurrent requests) costs the same round trip.
 */
export async function insertOperations(db: Pool | PoolClient, ops: NewOperation[]): Promise<void> {
  await db.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS i(id uuid, "clusterId" uuid, type text, "requestedBy" text, reason text, params jsonb, priority int, steps jsonb)),
     ops AS (
       INSERT INTO operations (id, cluster_id, type, status, requested_by, reason, params, priority)
       SELECT id, "clusterId", type, 'pending', "requestedBy", reason, params, priority FROM input),
     steps AS (
       INSERT INTO operation_steps (operation_id, idx, name)
       SELECT i.id, s.n - 1, s.name FROM input i, jsonb_array_elements_text(i.steps) WITH ORDINALITY AS s(name, n))
     INSERT INTO audit_events (id, actor, action, target_type, target_id, reason, after)
     SELECT gen_random_uuid(), "requestedBy", 'operation.' || type || '.requested', 'cluster', "clusterId"::text, reason,
            jsonb_build_object('operationId', id, 'type', type, 'status', 'pending')
       FROM input`,
    [JSON.stringify(ops)],
  );
}
