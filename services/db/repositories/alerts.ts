import type { Pool } from '../pool';
import { newId } from '../../platform/ids';
import { GroupCommit } from '../group-commit';

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
  private readonly inserts: GroupCommit<AlertRecord & { id: string }>;

  constructor(private readonly pool: Pool) {
    this.inserts = new GroupCommit((rows) => this.insert(rows));
  }

  /** Records an alert; resolves once it is committed (alerts arriving together share one INSERT). */
  async record(alert: AlertRecord): Promise<string> {
    const id = newId();
    await this.inserts.add({ ...alert, id });
    return id;
  }

  private async insert(rows: Array<AlertRecord & { id: string }>): Promise<void> {
    const column = <K extends keyof (AlertRecord & { id: string })>(k: K) => rows.map((r) => r[k]);
    await this.pool.query(
      `INSERT INTO alerts (id, source, name, status, cluster_id, node, severity, summary, fingerprint, dedup_key, labels)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[])`,
      [
        column('id'), column('source'), column('name'), column('status'), column('clusterId'), column('node'), column('severity'),
        column('summary'), column('fingerprint'), column('dedupKey'), rows.map((r) => JSON.stringify(r.labels)),
      ],
    );
  }

  /** Counts behind the console's "pages avoided vs pages sent". */
  async summary(): Promise<{ alertsReceived: number; problems: number; pagesSent: number; pagesOpen: number }> {
    const { rows } = await this.pool.query(
      `SELECT (SELECT count(*) FROM alerts)::int AS "alertsReceived",
              (SELECT count(DISTINCT dedup_key) FROM alerts WHERE status = 'firing')::int AS problems,
              (SELECT count(*) FROM pages)::int AS "pagesSent",
              (SELECT count(*) FROM pages WHERE status = 'triggered')::int AS "pagesOpen"`,
    );
    return rows[0];
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
