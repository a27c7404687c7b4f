import type { CoreContext } from '../context';
import type { PageRecord } from '../db/repositories/alerts';
import type { ClusterRecord } from '../db/repositories/clusters';
import { pagerDutyEvent, slackMessage, type PageAction } from './notifications';
import { postJson } from './webhook';

export interface PageRequest {
  dedupKey: string;
  cluster: ClusterRecord | null;
  alertName: string;
  summary: string;
  severity: string;
  /** Why a person is paged rather than automation acting: shown in the page's details. */
  reason: string;
}

/**
 * Pages the owning team once per open problem (the open page's dedup key is unique), through
 * PagerDuty Events v2 and a Slack webhook, and resolves the page with the same key.
 */
export class Pager {
  constructor(private readonly ctx: CoreContext) {}

  /** True when this call opened the page; false when one was open already. */
  async trigger(request: PageRequest): Promise<boolean> {
    const page = await this.ctx.repos.alerts.openPage({
      dedupKey: request.dedupKey, clusterId: request.cluster?.id ?? null, teamId: request.cluster?.ownerTeamId ?? null,
      alertName: request.alertName, summary: request.summary,
    });
    if (!page) return false;
    await this.notify(page, 'trigger', request.severity, request.reason);
    await this.ctx.events.publish({ type: 'alert', data: { dedupKey: request.dedupKey, action: 'paged' } });
    return true;
  }

  async resolve(dedupKey: string, severity: string): Promise<boolean> {
    const page = await this.ctx.repos.alerts.resolvePage(dedupKey);
    if (!page) return false;
    await this.notify(page, 'resolve', severity, 'resolved');
    await this.ctx.events.publish({ type: 'alert', data: { dedupKey, action: 'resolved' } });
    return true;
  }

  private async notify(page: PageRecord, action: PageAction, severity: string, reason: string): Promise<void> {
    const team = page.teamId ? (await this.ctx.repos.teams.list()).find((t) => t.id === page.teamId) ?? null : null;
    const cluster = page.clusterId ? (await this.ctx.repos.clusters.find(page.clusterId))?.name ?? null : null;
    const { pagerDutyUrl, slackWebhookUrl } = this.ctx.config;
    if (pagerDutyUrl) {
      const routingKey = team?.pagingKey ?? 'datafleet-platform';
      await this.deliver(page, 'pagerduty', action, pagerDutyUrl, pagerDutyEvent(page, action, routingKey, { cluster, severity, reason }));
    }
    if (slackWebhookUrl) await this.deliver(page, 'slack', action, slackWebhookUrl, slackMessage(page, action, { cluster, channel: team?.chatChannel ?? null }));
  }

  /** A failed delivery is recorded on the page (and logged); the page itself stays open. */
  private async deliver(page: PageRecord, channel: string, action: PageAction, url: string, body: unknown): Promise<void> {
    const { ok, detail } = await postJson(url, body);
    if (!ok) this.ctx.logger.warn({ channel, dedupKey: page.dedupKey, detail }, 'page delivery failed');
    await this.ctx.repos.alerts.addDelivery(page.id, { channel, action, ok, detail });
  }
}
