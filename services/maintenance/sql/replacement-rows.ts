import type { Pool, PoolClient } from '../../infra/db/pool';
import type { OperationStatus } from '../../core/types';

type Db = Pool | PoolClient;
export const ReplacementReasons = ['retirement', 'age'] as const;
export type ReplacementReason = (typeof ReplacementReasons)[number];

export interface NewReplacement {
  id: string;
  nodeId: string;
  clusterId: string;
  nodeName: string;
  reason: ReplacementReason;
  deadline: Date | null;
  scheduledFor: Date;
  asap: boolean;
  detail: string;
}

export interface Replacement extends NewReplacement {
  clusterName: string;
  operationId: string | null;
  status: OperationStatus | null;
}

interface Row {
  id: string;
  node_id: string;
  cluster_id: string;
  cluster_name: string;
  node_name: string;
  reason: ReplacementReason;
  deadline: Date | null;
  scheduled_for: Date;
  asap: boolean;
  detail: string;
  operation_id: string | null;
  status: OperationStatus | null;
}

const toReplacement = (r: Row): Replacement => ({
  id: r.id,
  nodeId: r.node_id,
  clusterId: r.cluster_id,
  clusterName: r.cluster_name,
  nodeName: r.node_name,
  reason: r.reason,
  deadline: r.deadline,
  scheduledFor: r.scheduled_for,
  asap: r.asap,
  detail: r.detail,
  operationId: r.operation_id,
  status: r.status,
});

const select = `SELECT r.*, c.name AS cluster_name, o.status FROM node_replacements r
  JOIN clusters c ON c.id = r.cluster_id LEFT JOIN operations o ON o.id = r.operation_id`;

/** node_replacements: one planned replacement per node, ever (its unique node_id). */
export class ReplacementRows {
  constructor(private readonly pool: Pool) {}

  /** True when this call planned the node's replacement; false when one was planned before (or concurrently). */
  async claim(db: PoolClient, r: NewReplacement): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO node_replacements (id, node_id, cluster_id, node_name, reason, deadline, scheduled_for, asap, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (node_id) DO NOTHING`,
      [r.id, r.nodeId, r.clusterId, r.nodeName, r.reason, r.deadline, r.scheduledFor, r.asap, r.detail],
    );
    return (rowCount ?? 0) > 0;
  }

  async attachOperation(db: PoolClient, id: string, operationId: string): Promise<void> {
    await db.query('UPDATE node_replacements SET operation_id = $2, updated_at = now() WHERE id = $1', [id, operationId]);
  }

  /** The node's planned replacement, locked for the rest of the transaction. */
  async lockForNode(db: PoolClient, nodeId: string): Promise<Replacement | null> {
    const { rows } = await db.query<Row>(`${select} WHERE r.node_id = $1 FOR UPDATE OF r`, [nodeId]);
    return rows[0] ? toReplacement(rows[0]) : null;
  }

  async update(
    db: PoolClient,
    id: string,
    patch: Pick<NewReplacement, 'reason' | 'deadline' | 'scheduledFor' | 'asap' | 'detail'>,
  ): Promise<void> {
    await db.query(
      'UPDATE node_replacements SET reason = $2, deadline = $3, scheduled_for = $4, asap = $5, detail = $6, updated_at = now() WHERE id = $1',
      [id, patch.reason, patch.deadline, patch.scheduledFor, patch.asap, patch.detail],
    );
  }

  async forOperation(operationId: string): Promise<Replacement | null> {
    const { rows } = await this.pool.query<Row>(`${select} WHERE r.operation_id = $1`, [operationId]);
    return rows[0] ? toReplacement(rows[0]) : null;
  }

  /** Fleet-wide: replacements not finished yet, soonest first. */
  async upcoming(limit: number, db: Db = this.pool): Promise<Replacement[]> {
    const { rows } = await db.query<Row>(
      `${select} WHERE o.status IN ('pending', 'running') ORDER BY r.scheduled_for, r.node_name LIMIT $1`,
      [limit],
    );
    return rows.map(toReplacement);
  }

  /** One cluster's: open ones soonest first, then finished ones newest first. */
  async forCluster(clusterId: string, limit: number): Promise<Replacement[]> {
    const { rows } = await this.pool.query<Row>(
      `${select} WHERE r.cluster_id = $1
        ORDER BY (o.status IN ('pending', 'running')) DESC,
                 CASE WHEN o.status IN ('pending', 'running') THEN r.scheduled_for END ASC, r.scheduled_for DESC LIMIT $2`,
      [clusterId, limit],
    );
    return rows.map(toReplacement);
  }
}
