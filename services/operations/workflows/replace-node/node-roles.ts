import type { Pool } from '../../../infra/db/pool';

/**
 * Records a switchover in the nodes table: the new node is the primary, the old one a replica until
 * it is terminated. One statement, and repeating it changes nothing.
 */
export async function recordSwitchover(pool: Pool, newPrimaryId: string, oldPrimaryId: string): Promise<void> {
  await pool.query(`UPDATE nodes SET role = CASE WHEN id = $1 THEN 'primary' ELSE 'replica' END WHERE id IN ($1, $2)`, [newPrimaryId, oldPrimaryId]);
}
