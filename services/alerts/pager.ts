import type { AlertsDeps } from './alerts-deps';
import type { PageDelivery, PageRecord } from './sql/alerts';
import type { ClusterRecord } from '../fleet/cluster-record';
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
  /** The alert named a cluster that does not exist: the platform team is paged instead of an owner. */
  unroutable?: boolean;
}

/** What became of a trigger: null when a page for the problem was open already. */
export type PageOpened = { delivery: PageDelivery } | null;

/** Whether any pager (PagerDuty or Slack) is configured; without one a page is recorded, not delivered. */
export const pagerConfigured = (ctx: AlertsDeps): boolean => Boolean(ctx.config.pagerDutyUrl || ctx.config.slackWebhookUrl);

/**
 * Pages the owning team once per open problem (the open page's dedup key is unique), through
 * PagerDuty Events v2 and a Slack webhook, and resolves the page with the same key. A page about a
 * cluster nobody owns (an unroutable alert) goes to the platform team.
 */
export class Pager {
  constructor(private readonly ctx: AlertsDeps) {}

  async trigger(request: PageRequest): Promise<PageOpened> {
    const teamId = request.cluster?.ownerTeamId ?? (await this.platformTeamId());
    const configured = pagerConfigured(this.ctx);
    const page = await this.ctx.repos.alerts.openPage({
      dedupKey: request.dedupKey,
      clusterId: request.cluster?.id ?? null,
      teamId,
      alertName: request.alertName,
      summary: request.summary,
      delivery: configured ? 'delivered' : 'no_pager',
      unroutable: request.unroutable ?? false,
    });
    if (!page) return null;
    let delivery: PageDelivery = page.delivery;
    if (configured) {
      const outcomes = await this.notify(page, 'trigger', request.severity, request.reason);
      if (outcomes.length > 0 && !outcomes.some(Boolean)) {
        delivery = 'failed';
        await this.ctx.repos.alerts.setDelivery(page.id, delivery);
      }
    } else {
      this.ctx.logger.warn(
        { dedupKey: page.dedupKey },
        'page recorded, not delivered: no pager configured (DATAFLEET_PAGERDUTY_URL, DATAFLEET_SLACK_WEBHOOK_URL)',
      );
    }
    await this.ctx.events.publish({ type: 'alert', data: { dedupKey: request.dedupKey, action: 'paged' } });
    return { delivery };
  }

  async resolve(dedupKey: string, severity: string): Promise<boolean> {
    const page = await this.ctx.repos.alerts.resolvePage(dedupKey);
    if (!page) return false;
    if (page.delivery !== 'no_pager') await this.notify(page, 'resolve', severity, 'resolved');
    await this.ctx.events.publish({ type: 'alert', data: { dedupKey, action: 'resolved' } });
    return true;
  }

  private async platformTeamId(): Promise<string | null> {
    return (await this.ctx.repos.teams.list()).find((t) => t.isPlatform)?.id ?? null;
  }

  /** Delivers to every configured channel; returns whether each delivery succeeded. */
  private async notify(page: PageRecord, action: PageAction, severity: string, reason: string): Promise<boolean[]> {
    const team = page.teamId ? ((await this.ctx.repos.teams.list()).find((t) => t.id === page.teamId) ?? null) : null;
    const cluster = page.clusterId ? ((await this.ctx.repos.clusters.find(page.clusterId))?.name ?? null) : null;
    const { pagerDutyUrl, slackWebhookUrl } = this.ctx.config;
    const outcomes: boolean[] = [];
    if (pagerDutyUrl) {
      const routingKey = team?.pagingKey ?? 'datafleet-platform';
      outcomes.push(
        await this.deliver(
          page,
          'pagerduty',
          action,
          pagerDutyUrl,
          pagerDutyEvent(page, action, routingKey, { cluster, severity, reason }),
        ),
      );
    }
    if (slackWebhookUrl)
      outcomes.push(
        await this.deliver(
          page,
          'slack',
          action,
          slackWebhookUrl,
          slackMessage(page, action, { cluster, channel: team?.chatChannel ?? null }),
        ),
      );
    return outcomes;
  }

  /** A failed delivery is recorded on the page (and logged); the page itself stays open. */
  private async deliver(page: PageRecord, channel: string, action: PageAction, url: string, body: unknown): Promise<boolean> {
    const { ok, detail } = await postJson(url, body);
    if (!ok) this.ctx.logger.warn({ channel, dedupKey: page.dedupKey, detail }, 'page delivery failed');
    await this.ctx.repos.alerts.addDelivery(page.id, { channel, action, ok, detail });
    return ok;
  }
}
