import { Type, type Static } from '@sinclair/typebox';
import { PlainText, StringEnum } from './common';

const Labels = Type.Record(Type.String(), Type.String());

/** Prometheus Alertmanager's webhook payload, version 4. Extra fields Alertmanager may add are allowed. */
export const AlertmanagerWebhook = Type.Object({
  version: Type.Literal('4'),
  groupKey: Type.String(),
  status: StringEnum(['firing', 'resolved'] as const),
  receiver: Type.String(),
  groupLabels: Labels,
  commonLabels: Labels,
  commonAnnotations: Labels,
  externalURL: Type.String(),
  truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
  alerts: Type.Array(
    Type.Object({
      status: StringEnum(['firing', 'resolved'] as const),
      labels: Type.Intersect([Labels, Type.Object({ alertname: Type.String({ minLength: 1 }) })]),
      annotations: Labels,
      startsAt: Type.String(),
      endsAt: Type.String(),
      generatorURL: Type.String(),
      fingerprint: Type.String(),
    }),
    { minItems: 1, maxItems: 1000 },
  ),
});
export type AlertmanagerWebhook = Static<typeof AlertmanagerWebhook>;

/** The plain form, for scripts and systems without Alertmanager. */
export const PlainAlert = Type.Object(
  {
    name: PlainText({ minLength: 1, maxLength: 200 }),
    cluster: PlainText({ minLength: 1, maxLength: 64 }),
    node: Type.Optional(PlainText({ maxLength: 100 })),
    status: Type.Optional(StringEnum(['firing', 'resolved'] as const)),
    severity: Type.Optional(StringEnum(['critical', 'error', 'warning', 'info'] as const)),
    summary: Type.Optional(Type.String({ maxLength: 1000 })),
    labels: Type.Optional(Type.Record(Type.String(), Type.String(), { maxProperties: 50 })),
  },
  { additionalProperties: false },
);
export type PlainAlert = Static<typeof PlainAlert>;

const Count = Type.Integer({ minimum: 0 });
export const AlertSummary = Type.Object({
  alertsReceived: Count,
  problems: Count,
  remediations: Type.Object({ started: Count, succeeded: Count, failed: Count, open: Count }),
  alertsUnconfirmed: Type.Integer({ minimum: 0, description: "alerts the platform's own evidence did not confirm: nothing was done" }),
  alertsUnroutable: Type.Integer({ minimum: 0, description: 'alerts naming a cluster that does not exist (paged to the platform team)' }),
  pagesSent: Type.Integer({ minimum: 0, description: 'pages a pager (PagerDuty or Slack) took' }),
  pagesNotDelivered: Type.Integer({ minimum: 0, description: 'pages recorded, not delivered: no pager configured' }),
  pagesDeliveryFailed: Type.Integer({ minimum: 0, description: 'pages every configured channel refused' }),
  pagesOpen: Count,
  pagesAvoided: Count,
  pagerConfigured: Type.Boolean({ description: 'whether DATAFLEET_PAGERDUTY_URL or DATAFLEET_SLACK_WEBHOOK_URL is set' }),
});
