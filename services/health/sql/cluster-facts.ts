import type { Pool } from '../../infra/db/pool';
import type { Sla } from '../../core/types';

/** The SLA of each of these clusters that still exists. */
export async function clusterSlas(pool: Pool, clusterIds: string[]): Promise<Map<string, Sla>> {
  const { rows } = await pool.query<{ id: string; sla: Sla }>('SELECT id, sla FROM clusters WHERE id = ANY($1::uuid[])', [clusterIds]);
  return new Map(rows.map((r) => [r.id, r.sla]));
}

/** Of these node ids, those of nodes not terminated in a live (ACTIVE or UPDATING) cluster. */
export async function servingNodeIds(pool: Pool, nodeIds: string[]): Promise<Set<string>> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT n.id FROM nodes n JOIN clusters c ON c.id = n.cluster_id
      WHERE n.id = ANY($1::uuid[]) AND n.state <> 'terminated' AND c.status IN ('ACTIVE', 'UPDATING')`,
    [nodeIds],
  );
  return new Set(rows.map((r) => r.id));
}
