import type { Pool } from '../../infra/db/pool';
import { newId } from '../../core/ids';

export class RemediationRepository {
  constructor(private readonly pool: Pool) {}

  /** Opens a remediation for the problem unless one is open; returns its id only when this call opened it. */
  async open(r: {
    dedupKey: string;
    clusterId: string;
    node: string | null;
    playbookId: string;
    playbookVersion: number;
    alertName: string;
    action: string;
    notBefore: Date | null;
  }): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO remediations (id, dedup_key, cluster_id, node, playbook_id, playbook_version, alert_name, action, not_before, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open') ON CONFLICT (dedup_key) WHERE status = 'open' DO NOTHING RETURNING id`,
      [newId(), r.dedupKey, r.clusterId, r.node, r.playbookId, r.playbookVersion, r.alertName, r.action, r.notBefore],
    );
    return rows[0]?.id ?? null;
  }

  /** The problem's most recent remediation, open or finished, if it started within `windowMs`. */
  async latest(dedupKey: string, windowMs: number): Promise<{ status: 'open' | 'succeeded' | 'failed'; finishedAt: Date | null } | null> {
    const { rows } = await this.pool.query(
      `SELECT status, finished_at FROM remediations
        WHERE dedup_key = $1 AND (status = 'open' OR started_at > now() - make_interval(secs => $2::double precision / 1000))
        ORDER BY started_at DESC LIMIT 1`,
      [dedupKey, windowMs],
    );
    return rows[0] ? { status: rows[0].status, finishedAt: rows[0].finished_at } : null;
  }

  async counts(): Promise<{ started: number; succeeded: number; failed: number; open: number }> {
    const { rows } = await this.pool.query(
      `SELECT count(*)::int AS started, (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded,
              (count(*) FILTER (WHERE status = 'failed'))::int AS failed, (count(*) FILTER (WHERE status = 'open'))::int AS open
         FROM remediations`,
    );
    return rows[0];
  }

  /** Remediations started since `sinceMs` ago, for one cluster and fleet-wide (the rate-limit guard). */
  async startedSince(clusterId: string, sinceMs: number): Promise<{ cluster: number; fleet: number }> {
    const { rows } = await this.pool.query<{ cluster: number; fleet: number }>(
      `SELECT count(*) FILTER (WHERE cluster_id = $1) AS cluster, count(*) AS fleet FROM remediations
        WHERE started_at > now() - make_interval(secs => $2::double precision / 1000)`,
      [clusterId, sinceMs],
    );
    return rows[0] ?? { cluster: 0, fleet: 0 };
  }

  async attach(id: string, operationId: string): Promise<void> {
    await this.pool.query('UPDATE remediations SET operation_id = $2 WHERE id = $1', [id, operationId]);
  }

  /** Closes the remediation an operation carried out; returns its alert name and node for follow-up. */
  async finishForOperation(
    operationId: string,
    status: 'succeeded' | 'failed',
  ): Promise<{ alertName: string; node: string | null; clusterId: string } | null> {
    const { rows } = await this.pool.query(
      `UPDATE remediations SET status = $2, finished_at = now() WHERE operation_id = $1 AND status = 'open' RETURNING alert_name, node, cluster_id`,
      [operationId, status],
    );
    return rows[0] ? { alertName: rows[0].alert_name, node: rows[0].node, clusterId: rows[0].cluster_id } : null;
  }

  async recent(limit = 100): Promise<unknown[]> {
    const { rows } = await this.pool.query(
      `SELECT r.*, c.name AS cluster FROM remediations r JOIN clusters c ON c.id = r.cluster_id ORDER BY r.started_at DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }
}
