import type { Pool, PoolClient } from '../../infra/db/pool';
import type { DrillVerification, RestoreDrill, RestoreDrillStatus } from '../restore-drill';

type Row = Record<string, unknown>;

/** A drill with its cluster's name and owner and its scratch cluster's name. */
export const DRILL_SELECT = `SELECT d.*, c.name AS cluster_name, c.owner_team_id, s.name AS scratch_cluster_name
  FROM restore_drills d JOIN clusters c ON c.id = d.cluster_id LEFT JOIN clusters s ON s.id = d.scratch_cluster_id`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const toDrill = (r: Row): RestoreDrill => ({
  id: r.id as string,
  clusterId: r.cluster_id as string,
  clusterName: r.cluster_name as string,
  ownerTeamId: r.owner_team_id as string,
  operationId: r.operation_id as string,
  backupId: (r.backup_id as string | null) ?? null,
  status: r.status as RestoreDrillStatus,
  scheduled: r.scheduled as boolean,
  requestedBy: r.requested_by as string,
  scratchClusterId: (r.scratch_cluster_id as string | null) ?? null,
  scratchClusterName: (r.scratch_cluster_name as string | null) ?? null,
  startedAt: r.started_at as Date,
  servingAt: (r.serving_at as Date | null) ?? null,
  finishedAt: (r.finished_at as Date | null) ?? null,
  rpoSeconds: num(r.rpo_seconds),
  rtoSeconds: num(r.rto_seconds),
  newestWriteAt: (r.newest_write_at as Date | null) ?? null,
  verification: (r.verification as DrillVerification | null) ?? null,
  error: (r.error as string | null) ?? null,
});

export interface NewRestoreDrill {
  id: string;
  clusterId: string;
  operationId: string;
  backupId: string;
  scheduled: boolean;
  requestedBy: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The restore_drills table: a row per `restore_drill` operation, filled in by its workflow. */
export class RestoreDrillRepository {
  constructor(private readonly pool: Pool) {}

  /** Written in the transaction that records the operation, so a drill never exists without it. */
  async insert(drill: NewRestoreDrill, db: Pool | PoolClient): Promise<void> {
    await db.query(
      `INSERT INTO restore_drills (id, cluster_id, operation_id, backup_id, status, scheduled, requested_by)
       VALUES ($1, $2, $3, $4, 'running', $5, $6)`,
      [drill.id, drill.clusterId, drill.operationId, drill.backupId, drill.scheduled, drill.requestedBy],
    );
  }

  async get(id: string): Promise<RestoreDrill | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.pool.query<Row>(`${DRILL_SELECT} WHERE d.id = $1`, [id]);
    return rows[0] ? toDrill(rows[0]) : null;
  }

  /** Newest first. */
  async forCluster(clusterId: string, limit = 50): Promise<RestoreDrill[]> {
    const { rows } = await this.pool.query<Row>(`${DRILL_SELECT} WHERE d.cluster_id = $1 ORDER BY d.started_at DESC LIMIT $2`, [
      clusterId,
      limit,
    ]);
    return rows.map(toDrill);
  }

  /** The drill starts when its scratch cluster is asked for: RTO is measured from here. */
  async started(id: string, scratchClusterId: string, at: Date): Promise<void> {
    await this.pool.query(
      `UPDATE restore_drills SET scratch_cluster_id = $2, started_at = $3, updated_at = now() WHERE id = $1 AND scratch_cluster_id IS NULL`,
      [id, scratchClusterId, at],
    );
  }

  async serving(id: string, at: Date, rtoSeconds: number): Promise<void> {
    await this.pool.query(`UPDATE restore_drills SET serving_at = $2, rto_seconds = $3, updated_at = now() WHERE id = $1`, [
      id,
      at,
      rtoSeconds,
    ]);
  }

  async verified(id: string, verification: DrillVerification, newestWriteAt: Date | null, rpoSeconds: number | null): Promise<void> {
    await this.pool.query(
      `UPDATE restore_drills SET verification = $2, newest_write_at = $3, rpo_seconds = $4, updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(verification), newestWriteAt, rpoSeconds],
    );
  }

  /** The end of a drill; a drill already ended keeps its first outcome. Returns whether this call ended it. */
  async finish(id: string, status: Exclude<RestoreDrillStatus, 'running'>, error: string | null): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE restore_drills SET status = $2, error = $3, finished_at = now(), updated_at = now() WHERE id = $1 AND status = 'running'`,
      [id, status, error],
    );
    return (rowCount ?? 0) > 0;
  }
}
