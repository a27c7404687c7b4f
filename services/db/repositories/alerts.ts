import type { Pool } from '../pool';
import { newId } from '../../platform/ids';

export interface AlertRecord {
  source: 'alertmanager' | 'api' | 'health';
  name: string;
  status: 'firing' | 'resolved';
  clusterId: string | null;
  node: string | null;
  severity: string;
  summary: string;
  fingerprint: string | null;
  dedupKey: string;
  labels: Record<string, string>;
}

export interface PageRecord {
  id: string;
  dedupKey: string;
  clusterId: string | null;
  teamId: string | null;
  alertName: string;
  summary: string;
  status: 'triggered' | 'resolved';
}

export class AlertRepository {
  constructor(private readonly pool: Pool) {}

  async record(alert: AlertRecord): Promise<string> {
    const id = newId();
    await this.pool.query(
      `INSERT INTO alerts (id, source, name, status, cluster_id, node, severity, summary, fingerprint, dedup_key, labels)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, alert.source, alert.name, alert.status, alert.clusterId, alert.node, alert.severity, alert.summary, alert.fingerprint, alert.dedupKey, JSON.stringify(alert.labels)],
    );
    return id;
  }

  /** Opens a page for the problem unless one is open already; returns it only when this call opened it. */
  async openPage(page: Omit<PageRecord, 'id' | 'status'>): Promise<PageRecord | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO pages (id, dedup_key, cluster_id, team_id, alert_name, summary, status) VALUES ($1, $2, $3, $4, $5, $6, 'triggered')
       ON CONFLICT (dedup_key) WHERE status = 'triggered' DO NOTHING RETURNING id`,
      [newId(), page.dedupKey, page.clusterId, page.teamId, page.alertName, page.summary],
    );
    return rows[0] ? { ...page, id: rows[0].id, status: 'triggered' } : null;
  }

  /** Closes the open page of a problem; returns it only when this call closed it. */
  async resolvePage(dedupKey: string): Promise<PageRecord | null> {
    const { rows } = await this.pool.query(
      `UPDATE pages SET status = 'resolved', resolved_at = now() WHERE dedup_key = $1 AND status = 'triggered'
       RETURNING id, dedup_key, cluster_id, team_id, alert_name, summary`,
      [dedupKey],
    );
    const r = rows[0];
    return r ? { id: r.id, dedupKey: r.dedup_key, clusterId: r.cluster_id, teamId: r.team_id, alertName: r.alert_name, summary: r.summary, status: 'resolved' } : null;
  }

  async addDelivery(pageId: string, delivery: { channel: string; action: string; ok: boolean; detail: string }): Promise<void> {
    await this.pool.query(`UPDATE pages SET deliveries = deliveries || $2::jsonb WHERE id = $1`, [pageId, JSON.stringify([{ ...delivery, at: new Date().toISOString() }])]);
  }

  async recent(limit = 100): Promise<unknown[]> {
    const { rows } = await this.pool.query(
      `SELECT a.id, a.source, a.name, a.status, a.severity, a.summary, a.node, a.dedup_key, a.received_at, c.name AS cluster
         FROM alerts a LEFT JOIN clusters c ON c.id = a.cluster_id ORDER BY a.received_at DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }

  async pages(limit = 100): Promise<unknown[]> {
    const { rows } = await this.pool.query(
      `SELECT p.id, p.dedup_key, p.alert_name, p.summary, p.status, p.triggered_at, p.resolved_at, p.deliveries, c.name AS cluster
         FROM pages p LEFT JOIN clusters c ON c.id = p.cluster_id ORDER BY p.triggered_at DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }
}
