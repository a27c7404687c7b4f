import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { CoreContext } from '../../app/context';
import type { IncomingAlert } from '../../alerts/alert-service';
import { refusedWhole, type AlertIntake, type IntakeOutcome } from '../../alerts/alert-intake';
import { ForbiddenError, NotFoundError } from '../../core/errors';
import type { AlertSender } from '../../alerts/alert-sender';
import { pagerConfigured } from '../../alerts/pager';
import { errorResponses } from '../schemas/common';
import { AlertmanagerWebhook, AlertSummary, PlainAlert } from '../schemas/alert';

/** The alert's sender: a monitoring system's alert-source credential, or a team token. */
const senderOf = (request: FastifyRequest): AlertSender =>
  request.alertSource ? { kind: 'source', ...request.alertSource } : { kind: 'team', actor: actorOf(request) };

/** The HTTP status each refused alert is reported with, in the outcomes and in a whole refusal's details. */
const refusalStatus = { forbidden: 403, not_found: 404 } as const;

/** The intake's outcomes as the API answers them: each refusal with its HTTP status; a batch refused whole is an error. */
function answer(outcomes: IntakeOutcome[]) {
  const shown = outcomes.map((o) => {
    if (o.accepted) return o;
    const { refusal, ...rest } = o;
    return { ...rest, status: refusalStatus[refusal] };
  });
  const whole = refusedWhole(outcomes);
  if (whole) {
    const details = {
      outcomes: outcomes.flatMap((o) =>
        o.accepted ? [] : [{ alert: o.alert, cluster: o.cluster, status: refusalStatus[o.refusal], reason: o.reason }],
      ),
    };
    if (whole.refusal === 'not_found') throw new NotFoundError('cluster', whole.first.cluster ?? '', whole.message, details);
    throw new ForbiddenError(whole.message, details);
  }
  return shown;
}

export async function alertRoutes(app: Api, opts: { ctx: CoreContext; intake: AlertIntake }): Promise<void> {
  const { intake } = opts;
  const tags = ['alerts'];

  app.post(
    '/api/alerts/alertmanager',
    {
      schema: {
        tags,
        body: AlertmanagerWebhook,
        response: { 202: Type.Unknown(), ...errorResponses },
        summary:
          'Prometheus Alertmanager webhook (version 4); each alert is admitted or refused on its own (outcomes), a batch refused whole is a 403',
      },
    },
    async (request, reply) => {
      const batch = request.body.alerts.map((a): IncomingAlert => {
        const labels = { ...request.body.commonLabels, ...a.labels };
        return {
          source: 'alertmanager',
          name: a.labels.alertname,
          status: a.status,
          cluster: labels.cluster ?? labels.datafleet_cluster ?? null,
          node: labels.node ?? labels.instance ?? null,
          severity: labels.severity ?? 'error',
          summary: a.annotations.summary ?? a.annotations.description ?? a.labels.alertname,
          fingerprint: a.fingerprint,
          labels,
          startedAt: Number.isNaN(Date.parse(a.startsAt)) ? null : new Date(a.startsAt),
        };
      });
      const outcomes = answer(await intake.receive(senderOf(request), batch, 'alertmanager'));
      return reply
        .status(202)
        .send({ received: outcomes.filter((o) => o.accepted).length, refused: outcomes.filter((o) => !o.accepted).length, outcomes });
    },
  );

  app.post(
    '/api/alerts',
    {
      schema: {
        tags,
        summary: 'Raise or resolve an alert about a cluster',
        body: PlainAlert,
        response: { 202: Type.Unknown(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const [outcome] = answer(
        await intake.receive(
          senderOf(request),
          [
            {
              source: 'api',
              name: b.name,
              status: b.status ?? 'firing',
              cluster: b.cluster,
              node: b.node ?? null,
              severity: b.severity ?? 'error',
              summary: b.summary ?? b.name,
              fingerprint: null,
              labels: b.labels ?? {},
            },
          ],
          'api',
        ),
      );
      return reply.status(202).send(outcome);
    },
  );

  app.get(
    '/api/playbooks',
    {
      schema: {
        tags,
        summary: 'The playbooks remediation follows (versioned in config/playbooks.json)',
        response: { 200: Type.Array(Type.Unknown()), ...errorResponses },
      },
    },
    async () => intake.alerts.listPlaybooks(),
  );
  app.get(
    '/api/remediations',
    {
      schema: {
        tags,
        summary: 'Automatic remediations and their operations',
        response: { 200: Type.Array(Type.Unknown()), ...errorResponses },
      },
    },
    async () => opts.ctx.repos.remediations.recent(),
  );
  app.get(
    '/api/alerts/summary',
    {
      schema: {
        tags,
        summary: 'Alerts received, remediations by outcome, pages sent (and recorded with no pager) and pages avoided',
        response: { 200: AlertSummary, ...errorResponses },
      },
    },
    async () => {
      const [alertCounts, remediations] = await Promise.all([opts.ctx.repos.alerts.summary(), opts.ctx.repos.remediations.counts()]);
      // A remediation that succeeded is a problem nobody was woken for.
      return { ...alertCounts, remediations, pagesAvoided: remediations.succeeded, pagerConfigured: pagerConfigured(opts.ctx) };
    },
  );
  app.get(
    '/api/alerts',
    {
      schema: {
        tags,
        summary: "Recent alerts, with the sender and what the platform's own evidence made of them (verdict: confirmed | unconfirmed)",
        response: { 200: Type.Array(Type.Unknown()), ...errorResponses },
      },
    },
    async () => opts.ctx.repos.alerts.recent(),
  );
  app.get(
    '/api/pages',
    {
      schema: {
        tags,
        summary: 'Pages to people, with their deliveries (delivery: delivered | failed | no_pager)',
        response: { 200: Type.Array(Type.Unknown()), ...errorResponses },
      },
    },
    async () => opts.ctx.repos.alerts.pages(),
  );
}
