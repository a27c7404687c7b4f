import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import type { CoreContext } from '../../context';
import { AlertService, type IncomingAlert } from '../../alerts/alert-service';
import { errorResponses } from '../schemas/common';
import { AlertmanagerWebhook, AlertSummary, PlainAlert } from '../schemas/alert';

export async function alertRoutes(app: Api, opts: { ctx: CoreContext }): Promise<void> {
  const alerts = new AlertService(opts.ctx);
  const tags = ['alerts'];

  app.post('/api/alerts/alertmanager', {
    schema: { tags, summary: 'Prometheus Alertmanager webhook (version 4)', body: AlertmanagerWebhook, response: { 202: Type.Unknown(), ...errorResponses } },
  }, async (request, reply) => {
    const outcomes = [];
    for (const a of request.body.alerts) {
      const labels = { ...request.body.commonLabels, ...a.labels };
      const incoming: IncomingAlert = {
        source: 'alertmanager', name: a.labels.alertname, status: a.status, cluster: labels.cluster ?? labels.datafleet_cluster ?? null,
        node: labels.node ?? labels.instance ?? null, severity: labels.severity ?? 'error',
        summary: a.annotations.summary ?? a.annotations.description ?? a.labels.alertname, fingerprint: a.fingerprint, labels,
        startedAt: Number.isNaN(Date.parse(a.startsAt)) ? null : new Date(a.startsAt),
      };
      outcomes.push(await alerts.receive(incoming));
    }
    return reply.status(202).send({ received: outcomes.length, outcomes });
  });

  app.post('/api/alerts', {
    schema: { tags, summary: 'Raise or resolve an alert about a cluster', body: PlainAlert, response: { 202: Type.Unknown(), ...errorResponses } },
  }, async (request, reply) => {
    const b = request.body;
    const outcome = await alerts.receive({
      source: 'api', name: b.name, status: b.status ?? 'firing', cluster: b.cluster, node: b.node ?? null, severity: b.severity ?? 'error',
      summary: b.summary ?? b.name, fingerprint: null, labels: b.labels ?? {},
    });
    return reply.status(202).send(outcome);
  });

  app.get('/api/playbooks', { schema: { tags, summary: 'The playbooks remediation follows (versioned in config/playbooks.json)', response: { 200: Type.Array(Type.Unknown()), ...errorResponses } } }, async () =>
    alerts.listPlaybooks(),
  );
  app.get('/api/remediations', { schema: { tags, summary: 'Automatic remediations and their operations', response: { 200: Type.Array(Type.Unknown()), ...errorResponses } } }, async () =>
    opts.ctx.repos.remediations.recent(),
  );
  app.get('/api/alerts/summary', {
    schema: { tags, summary: 'Alerts received, remediations by outcome, pages sent and pages avoided', response: { 200: AlertSummary, ...errorResponses } },
  }, async () => {
    const [alertCounts, remediations] = await Promise.all([opts.ctx.repos.alerts.summary(), opts.ctx.repos.remediations.counts()]);
    // A remediation that succeeded is a problem nobody was woken for.
    return { ...alertCounts, remediations, pagesAvoided: remediations.succeeded };
  });
  app.get('/api/alerts', { schema: { tags, response: { 200: Type.Array(Type.Unknown()), ...errorResponses } } }, async () => opts.ctx.repos.alerts.recent());
  app.get('/api/pages', { schema: { tags, summary: 'Pages sent to people, with their deliveries', response: { 200: Type.Array(Type.Unknown()), ...errorResponses } } }, async () =>
    opts.ctx.repos.alerts.pages(),
  );
}
