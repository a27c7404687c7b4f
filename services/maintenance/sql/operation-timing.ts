import type { PoolClient } from '../../infra/db/pool';

/**
 * Moves a replace_node operation that has not started to an earlier start (null: at once). Only
 * a pending row changes, so an operation a worker has started meanwhile is left as it runs.
 * The runner and the cluster lease both read params.notBefore afresh on every pass.
 */
export async function moveOperationEarlier(db: PoolClient, operationId: string, notBefore: Date | null): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE operations SET updated_at = now(),
       params = CASE WHEN $2::timestamptz IS NULL THEN params - 'notBefore' ELSE params || jsonb_build_object('notBefore', $3::text) END
     WHERE id = $1 AND status = 'pending'`,
    [operationId, notBefore, notBefore?.toISOString() ?? null],
  );
  return (rowCount ?? 0) > 0;
}
