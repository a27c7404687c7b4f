import type { Pool, PoolClient } from '../../infra/db/pool';
import { newId } from '../../core/ids';

type Queryable = Pool | PoolClient;

export type TransferStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';

export interface TransferOffer {
  id: string;
  clusterId: string;
  clusterName: string;
  fromTeamId: string;
  fromTeamName: string;
  toTeamId: string;
  toTeamName: string;
  status: TransferStatus;
  offeredBy: string;
  decidedBy: string | null;
  reason: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

interface Row {
  id: string;
  cluster_id: string;
  cluster_name: string;
  from_team_id: string;
  from_team_name: string;
  to_team_id: string;
  to_team_name: string;
  status: TransferStatus;
  offered_by: string;
  decided_by: string | null;
  reason: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const toOffer = (r: Row): TransferOffer => ({
  id: r.id,
  clusterId: r.cluster_id,
  clusterName: r.cluster_name,
  fromTeamId: r.from_team_id,
  fromTeamName: r.from_team_name,
  toTeamId: r.to_team_id,
  toTeamName: r.to_team_name,
  status: r.status,
  offeredBy: r.offered_by,
  decidedBy: r.decided_by,
  reason: r.reason,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
});

const SELECT = `SELECT x.*, c.name AS cluster_name, f.name AS from_team_name, t.name AS to_team_name
  FROM cluster_transfers x JOIN clusters c ON c.id = x.cluster_id JOIN teams f ON f.id = x.from_team_id JOIN teams t ON t.id = x.to_team_id`;

/** Offers to hand a cluster to another team; at most one is pending per cluster (a unique index). */
export class TransferRepository {
  constructor(private readonly pool: Pool) {}

  /** The cluster's pending offer; `forUpdate` locks it inside the caller's transaction. */
  async pending(clusterId: string, db: Queryable = this.pool, forUpdate = false): Promise<TransferOffer | null> {
    const { rows } = await db.query<Row>(
      `${SELECT} WHERE x.cluster_id = $1 AND x.status = 'pending'${forUpdate ? ' FOR UPDATE OF x' : ''}`,
      [clusterId],
    );
    return rows[0] ? toOffer(rows[0]) : null;
  }

  /** Returns null when another offer for the cluster is already pending. */
  async insert(
    offer: { clusterId: string; fromTeamId: string; toTeamId: string; offeredBy: string; reason: string | null },
    db: Queryable = this.pool,
  ): Promise<string | null> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO cluster_transfers (id, cluster_id, from_team_id, to_team_id, offered_by, reason) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cluster_id) WHERE status = 'pending' DO NOTHING RETURNING id`,
      [newId(), offer.clusterId, offer.fromTeamId, offer.toTeamId, offer.offeredBy, offer.reason],
    );
    return rows[0]?.id ?? null;
  }

  async get(id: string, db: Queryable = this.pool): Promise<TransferOffer> {
    const { rows } = await db.query<Row>(`${SELECT} WHERE x.id = $1`, [id]);
    return toOffer(rows[0]!);
  }

  /** Closes the cluster's pending offer, if any, with `status`; returns whether one was closed. */
  async close(
    clusterId: string,
    status: Exclude<TransferStatus, 'pending'>,
    decidedBy: string,
    db: Queryable = this.pool,
  ): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE cluster_transfers SET status = $2, decided_by = $3, decided_at = now() WHERE cluster_id = $1 AND status = 'pending'`,
      [clusterId, status, decidedBy],
    );
    return (rowCount ?? 0) > 0;
  }
}
