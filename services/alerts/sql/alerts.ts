import type { Pool } from '../../infra/db/pool';
import { newId } from '../../core/ids';
import { GroupCommit } from '../../infra/db/group-commit';

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
  /** Who sent it: `alert-source:<name>`, `<team>/<token>`, or `health`. */
  sender: string;
  /** It named a cluster that does not exist. */
  unroutable: boolean;
}

/** delivered: at least one channel took it; failed: every channel refused; no_pager: none is configured. */
export type PageDelivery = 'delivered' | 'failed' | 'no_pager';

export interface PageRecord {
  id: string;
  dedupKey: string;
  clusterId: string | null;
  teamId: string | null;
  alertName: string;
  summary: string;
  status: 'triggered' | 'resolved';
  delivery: PageDelivery;
  unroutable: boolean;
}

export interface AlertCounts {
  alertsReceived: number;
  problems: number;
  alertsUnconfirmed: number;
  alertsUnroutable: number;
  pagesSent: number;
  pagesNotDelivered: number;
  pagesDeliveryFailed: number;
  pagesOpen: number;
}

/** A committed alert, and whether its problem (cluster + alert + node) had a remediation open when it was written. */
export interface RecordedAlert {
  id: string;
  remediationOpen: boolean;
}

type Verdict = { id: string; verdict: 'confirmed' | 'unconfirmed'; evidence: string };

export class AlertRepository {
  private readonly inserts: GroupCommit<AlertRecord & { id: string }, RecordedAlert>;
  private readonly verdicts: GroupCommit<Verdict>;

  constructor(private readonly pool: Pool) {
    this.inserts = new GroupCommit((rows) => this.insert(rows));
    this.verdicts = new GroupCommit((rows) => this.writeVerdicts(rows));
  }

  /**
   * Records an alert; resolves once it is committed (alerts arriving together share one INSERT).
   * The same statement says whether the alert's problem has an open remediation, so a duplicate
   * costs no further round trip.
   */
  async record(alert: AlertRecord): Promise<RecordedAlert> {
    return this.inserts.add({ ...alert, id: newId() });
  }

  private async insert(rows: Array<AlertRecord & { id: string }>): Promise<RecordedAlert[]> {
    const column = <K extends keyof (AlertRecord & { id: string })>(k: K) => rows.map((r) => r[k]);
    // The problem key is the remediation's dedup key: `<alert dedup key>/<node or empty>`.
    const { rows: written } = await this.pool.query<{ id: string; remediation_open: boolean }>(
      `INSERT INTO alerts (id, source, name, status, cluster_id, node, severity, summary, fingerprint, dedup_key, labels, sender, unroutable)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::text[], $13::boolean[])
       RETURNING id, EXISTS (SELECT 1 FROM remediations r
                              WHERE r.dedup_key = alerts.dedup_key || '/' || coalesce(alerts.node, '') AND r.status = 'open') AS remediation_open`,
      [
        column('id'),
        column('source'),
        column('name'),
        column('status'),
        column('clusterId'),
        column('node'),
        column('severity'),
        column('summary'),
        column('fingerprint'),
        column('dedupKey'),
        rows.map((r) => JSON.stringify(r.labels)),
        column('sender'),
        column('unroutable'),
      ],
    );
    const open = new Map(written.map((w) => [w.id, w.remediation_open]));
    return rows.map((r) => ({ id: r.id, remediationOpen: open.get(r.id) ?? false }));
  }

  /** What the platform's own evidence made of the alert (see services/alerts/evidence); verdicts arriving together share one UPDATE. */
  async setVerdict(id: string, verdict: 'confirmed' | 'unconfirmed', evidence: unknown): Promise<void> {
    await this.verdicts.add({ id, verdict, evidence: JSON.stringify(evidence) });
  }

  private async writeVerdicts(rows: Verdict[]): Promise<void> {
    await this.pool.query(
      `UPDATE alerts a SET verdict = v.verdict, evidence = v.evidence
         FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS v(id, verdict, evidence) WHERE a.id = v.id`,
      [rows.map((r) => r.id), rows.map((r) => r.verdict), rows.map((r) => r.evidence)],
    );
  }

  /**
   * Counts behind the console's "pages avoided vs pages sent": a page counts as sent only when a
   * pager took it; pages recorded with no pager configured, and pages every channel refused, apart.
   */
  async summary(): Promise<AlertCounts> {
    const { rows } = await this.pool.query<AlertCounts>(
      `SELECT (SELECT count(*) FROM alerts)::int AS "alertsReceived",
              (SELECT count(DISTINCT dedup_key) FROM alerts WHERE status = 'firing')::int AS problems,
              (SELECT count(*) FROM alerts WHERE verdict = 'unconfirmed')::int AS "alertsUnconfirmed",
              (SELECT count(*) FROM alerts WHERE unroutable)::int AS "alertsUnroutable",
              (SELECT count(*) FROM pages WHERE delivery = 'delivered')::int AS "pagesSent",
              (SELECT count(*) FROM pages WHERE delivery = 'no_pager')::int AS "pagesNotDelivered",
              (SELECT count(*) FROM pages WHERE delivery = 'failed')::int AS "pagesDeliveryFailed",
              (SELECT count(*) FROM pages WHERE status = 'triggered')::int AS "pagesOpen"`,
    );
    return rows[0]!;
  }

  /**
   * Other nodes of the problem the health stream still reports firing (its latest health alert for
   * the node, within a day, is firing, and the node still exists): one node's recovery must not
   * close the page while another node of the same cluster is still down.
   */
  async otherNodesFiring(dedupKey: string, node: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ node: string }>(
      `SELECT latest.node FROM (
         SELECT DISTINCT ON (a.node) a.node, a.status FROM alerts a
          WHERE a.dedup_key = $1 AND a.source = 'health' AND a.node IS NOT NULL AND a.node <> $2 AND a.received_at > now() - interval '1 day'
          ORDER BY a.node, a.received_at DESC) latest
        JOIN nodes n ON n.name = latest.node AND n.state <> 'terminated'
       WHERE latest.status = 'firing'`,
      [dedupKey, node],
    );
    return rows.map((r) => r.node);
  }

  async setDelivery(pageId: string, delivery: PageDelivery): Promise<void> {
    await this.pool.query('UPDATE pages SET delivery = $2 WHERE id = $1', [pageId, delivery]);
  }

  /** Opens a page for the problem unless one is open already; returns it only when this call opened it. */
  async openPage(page: Omit<PageRecord, 'id' | 'status'>): Promise<PageRecord | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO pages (id, dedup_key, cluster_id, team_id, alert_name, summary, status, delivery, unroutable) VALUES ($1, $2, $3, $4, $5, $6, 'triggered', $7, $8)
       ON CONFLICT (dedup_key) WHERE status = 'triggered' DO NOTHING RETURNING id`,
      [newId(), page.dedupKey, page.clusterId, page.teamId, page.alertName, page.summary, page.delivery, page.unroutable],
    );
    return rows[0] ? { ...page, id: rows[0].id, status: 'triggered' } : null;
  }

  /** Closes the open page of a problem; returns it only when this call closed it. */
  async resolvePage(dedupKey: string): Promise<PageRecord | null> {
    const { rows } = await this.pool.query(
      `UPDATE pages SET status = 'resolved', resolved_at = now() WHERE dedup_key = $1 AND status = 'triggered'
       RETURNING id, dedup_key, cluster_id, team_id, alert_name, summary, delivery, unroutable`,
      [dedupKey],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          dedupKey: r.dedup_key,
          clusterId: r.cluster_id,
          teamId: r.team_id,
          alertName: r.alert_name,
          summary: r.summary,
          status: 'resolved',
          delivery: r.delivery,
          unroutable: r.unroutable,
        }
      : null;
  }

  async addDelivery(pageId: string, delivery: { channel: string; action: string; ok: boolean; detail: string }): Promise<void> {
    await this.pool.query(`UPDATE pages SET deliveries = deliveries || $2::jsonb WHERE id = $1`, [
      pageId,
      JSON.stringify([{ ...delivery, at: new Date().toISOString() }]),
    ]);
  }

  async recent(limit = 100): Promise<unknown[]> {
    const { rows } = await this.pool.query(
      `SELECT a.id, a.source, a.name, a.status, a.severity, a.summary, a.node, a.dedup_key, a.received_at, c.name AS cluster,
              a.sender, a.verdict, a.evidence, a.unroutable
         FROM alerts a LEFT JOIN clusters c ON c.id = a.cluster_id ORDER BY a.received_at DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }

  async pages(limit = 100): Promise<unknown[]> {
    const { rows } = await this.pool.query(
      `SELECT p.id, p.dedup_key, p.alert_name, p.summary, p.status, p.triggered_at, p.resolved_at, p.deliveries, c.name AS cluster,
              p.delivery, p.unroutable, t.name AS team
         FROM pages p LEFT JOIN clusters c ON c.id = p.cluster_id LEFT JOIN teams t ON t.id = p.team_id ORDER BY p.triggered_at DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }
}
