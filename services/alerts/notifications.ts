import type { PageRecord } from './sql/alerts';

export type PageAction = 'trigger' | 'resolve';

/** PagerDuty Events API v2: one event per action, tied together by the page's dedup key. */
export function pagerDutyEvent(
  page: PageRecord,
  action: PageAction,
  routingKey: string,
  context: { cluster: string | null; severity: string; reason: string },
) {
  return {
    routing_key: routingKey,
    event_action: action,
    dedup_key: page.dedupKey,
    ...(action === 'trigger'
      ? {
          payload: {
            summary: page.summary.slice(0, 1024),
            source: context.cluster ?? 'datafleet',
            severity: (['critical', 'error', 'warning', 'info'].includes(context.severity) ? context.severity : 'error') as
              'critical' | 'error' | 'warning' | 'info',
            component: context.cluster ?? undefined,
            class: page.alertName,
            custom_details: { alert: page.alertName, cluster: context.cluster, reason: context.reason },
          },
        }
      : {}),
  };
}

/** A Slack incoming-webhook message for the owning team's channel. */
export function slackMessage(page: PageRecord, action: PageAction, context: { cluster: string | null; channel: string | null }) {
  const verb = action === 'trigger' ? ':rotating_light: Paged' : ':white_check_mark: Resolved';
  return {
    ...(context.channel ? { channel: context.channel } : {}),
    text: `${verb}: ${page.alertName} on ${context.cluster ?? 'an unknown cluster'} — ${page.summary} (dedup ${page.dedupKey})`,
  };
}
