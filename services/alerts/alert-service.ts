import type { CoreContext } from '../context';
import type { AlertRecord, PageRecord } from '../db/repositories/alerts';
import { pagerDutyEvent, slackMessage, type PageAction } from './notifications';

export interface IncomingAlert {
  source: AlertRecord['source'];
  name: string;
  status: 'firing' | 'resolved';
  cluster: string | null;
  node: string | null;
  severity: string;
  summary: string;
  fingerprint: string | null;
  labels: Record<string, string>;
}

export interface AlertOutcome {
  alertId: string;
  dedupKey: string;
  action: 'paged' | 'already-paged' | 'resolved-page' | 'nothing-open';
}

/**
 * Every alert is recorded first. No playbook exists yet, so a firing alert pages the owning team —
 * once per problem (cluster + alert name) for as long as that problem is open, however many
 * duplicates arrive — and its resolution resolves the page with the same dedup key.
 */
export class AlertService {
  constructor(private readonly ctx: CoreContext) {}

  async receive(alert: IncomingAlert): Promise<AlertOutcome> {
    const cluster = alert.cluster ? await this.ctx.repos.clusters.find(alert.cluster) : null;
    const dedupKey = `datafleet/${cluster?.name ?? alert.cluster ?? 'unknown'}/${alert.name}`;
    const alertId = await this.ctx.repos.alerts.record({ ...alert, clusterId: cluster?.id ?? null, dedupKey });
    if (alert.status === 'resolved') {
      const page = await this.ctx.repos.alerts.resolvePage(dedupKey);
      if (page) await this.notify(page, 'resolve', alert.severity);
      return { alertId, dedupKey, action: page ? 'resolved-page' : 'nothing-open' };
    }
    const page = await this.ctx.repos.alerts.openPage({
      dedupKey, clusterId: cluster?.id ?? null, teamId: cluster?.ownerTeamId ?? null, alertName: alert.name, summary: alert.summary,
    });
    if (!page) return { alertId, dedupKey, action: 'already-paged' };
    await this.notify(page, 'trigger', alert.severity);
    return { alertId, dedupKey, action: 'paged' };
  }

  private async notify(page: PageRecord, action: PageAction, severity: string): Promise<void> {
    const team = page.teamId ? (await this.ctx.repos.teams.list()).find((t) => t.id === page.teamId) ?? null : null;
    const cluster = page.clusterId ? (await this.ctx.repos.clusters.find(page.clusterId))?.name ?? null : null;
    const { pagerDutyUrl, slackWebhookUrl } = this.ctx.config;
    if (pagerDutyUrl) {
      const routingKey = team?.pagingKey ?? 'datafleet-platform';
      await this.deliver(page, 'pagerduty', action, pagerDutyUrl, pagerDutyEvent(page, action, routingKey, { cluster, severity }));
    }
    if (slackWebhookUrl) await this.deliver(page, 'slack', action, slackWebhookUrl, slackMessage(page, action, { cluster, channel: team?.chatChannel ?? null }));
  }

  /** A failed delivery is recorded on the page (and logged); the page itself stays open. */
  private async deliver(page: PageRecord, channel: string, action: PageAction, url: string, body: unknown): Promise<void> {
    let ok = false;
    let detail = '';
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
      ok = res.ok;
      detail = `HTTP ${res.status}`;
    } catch (error) {
      detail = (error as Error).message;
      this.ctx.logger.warn({ channel, dedupKey: page.dedupKey, err: error }, 'page delivery failed');
    }
    await this.ctx.repos.alerts.addDelivery(page.id, { channel, action, ok, detail });
  }
}
