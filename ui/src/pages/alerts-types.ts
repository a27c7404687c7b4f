/**
 * Answers of the alert routes (services/api/routes/alerts.ts). Their schemas are open
 * (`Type.Unknown`), so the rows are declared here as the repositories select them: snake_case
 * columns, timestamps as ISO strings, `cluster` joined in by name.
 */
export interface AlertsSummary {
  alertsReceived: number;
  /** distinct problems (cluster + alert) that fired */
  problems: number;
  remediations: { started: number; succeeded: number; failed: number; open: number };
  /** alerts the platform's own evidence did not confirm: nothing was done */
  alertsUnconfirmed: number;
  /** alerts naming a cluster that does not exist, paged to the platform team */
  alertsUnroutable: number;
  /** pages a pager (PagerDuty or Slack) took */
  pagesSent: number;
  /** pages recorded, not delivered: no pager configured */
  pagesNotDelivered: number;
  pagesDeliveryFailed: number;
  pagesOpen: number;
  /** false: pages are recorded only; nobody is woken */
  pagerConfigured: boolean;
  /** problems automation handled without paging anyone */
  pagesAvoided: number;
}

export interface AlertRow {
  id: string;
  source: string;
  name: string;
  status: 'firing' | 'resolved';
  severity: string;
  summary: string;
  node: string | null;
  dedup_key: string;
  received_at: string;
  cluster: string | null;
  /** `alert-source:<name>`, `<team>/<token>` or `health` */
  sender: string | null;
  /** what the platform's own evidence made of it; null where nothing was to be acted on */
  verdict: 'confirmed' | 'unconfirmed' | null;
  evidence: { checked: string; detail: string; at: string } | null;
  unroutable: boolean;
}

export interface RemediationRow {
  id: string;
  cluster: string;
  node: string | null;
  playbook_id: string;
  playbook_version: number;
  alert_name: string;
  /** the playbook's action, where the server records it */
  action?: string | null;
  status: 'open' | 'succeeded' | 'failed';
  operation_id: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface Delivery {
  channel: string;
  action: string;
  ok: boolean;
  detail: string;
  at: string;
}

export interface PageRow {
  id: string;
  dedup_key: string;
  alert_name: string;
  summary: string;
  status: 'triggered' | 'resolved';
  triggered_at: string;
  resolved_at: string | null;
  deliveries: Delivery[];
  cluster: string | null;
  /** no_pager: recorded, not delivered (no pager configured) */
  delivery: 'delivered' | 'failed' | 'no_pager';
  unroutable: boolean;
  /** the team paged (the platform team for an unroutable alert) */
  team: string | null;
}
