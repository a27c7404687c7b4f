import type { Pool } from '../../infra/db/pool';

/**
 * One mutating operation per cluster. An operation may take the lease only when it is the oldest
 * unfinished operation of its cluster, so operations run in the order they were requested; one held
 * until a later time (params.notBefore, e.g. its maintenance window) does not block those behind it. Every
 * acquisition draws a new fencing token; writes made under an older token are refused.
 */
export class LeaseRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Returns the fencing token, or null when an earlier operation of the cluster must finish first.
   * One statement: only the oldest open operation passes the WHERE, so no other operation can take
   * the lease; two workers running the same operation both succeed, and the later token fences the
   * earlier worker's writes.
   */
  async acquire(clusterId: string, operationId: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ token: number }>(
      `INSERT INTO cluster_leases (cluster_id, operation_id, token)
       SELECT $1, $2, nextval('lease_tokens')
        WHERE $2 = (SELECT id FROM operations WHERE cluster_id = $1 AND status IN ('pending', 'running')
                      AND (status = 'running' OR coalesce((params->>'notBefore')::timestamptz <= now(), true)) ORDER BY seq LIMIT 1)
       ON CONFLICT (cluster_id) DO UPDATE SET operation_id = EXCLUDED.operation_id, token = EXCLUDED.token, acquired_at = now()
       RETURNING token`,
      [clusterId, operationId],
    );
    return rows[0]?.token ?? null;
  }

  /** True while this token is the current holder's. */
  async holds(clusterId: string, operationId: string, token: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM cluster_leases WHERE cluster_id = $1 AND operation_id = $2 AND token = $3', [
      clusterId,
      operationId,
      token,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async release(clusterId: string, operationId: string): Promise<void> {
    await this.pool.query('DELETE FROM cluster_leases WHERE cluster_id = $1 AND operation_id = $2', [clusterId, operationId]);
  }
}
