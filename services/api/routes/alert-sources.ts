import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { AlertSourceService } from '../../alerts/alert-source-service';
import type { AlertSource } from '../../alerts/sql/alert-sources';
import { errorResponses, IdOrName } from '../schemas/common';
import { AlertSourceJson, CreateAlertSourceBody, IssuedAlertSourceJson, RevokeAlertSourceQuery } from '../schemas/alert-source';

const sourceJson = (s: AlertSource) => ({
  id: s.id,
  name: s.name,
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
  lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
  revokedAt: s.revokedAt?.toISOString() ?? null,
});

/** Credentials for monitoring systems to send alerts (platform team only). */
export async function alertSourceRoutes(app: Api, opts: { sources: AlertSourceService }): Promise<void> {
  const { sources } = opts;
  const tags = ['alerts'];

  app.post(
    '/api/alert-sources',
    {
      schema: {
        tags,
        summary: 'Issue a credential for a monitoring system to send alerts (shown once)',
        body: CreateAlertSourceBody,
        response: { 201: IssuedAlertSourceJson, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { source, credential } = await sources.create(actorOf(request), request.body.name);
      return reply.status(201).send({ source: sourceJson(source), credential });
    },
  );
  app.get(
    '/api/alert-sources',
    {
      schema: {
        tags,
        summary: 'Alert sources, in use first, with when each was last used',
        response: { 200: Type.Array(AlertSourceJson), ...errorResponses },
      },
    },
    async (request) => (await sources.list(actorOf(request))).map(sourceJson),
  );
  app.delete(
    '/api/alert-sources/:ref',
    {
      schema: {
        tags,
        summary: 'Revoke an alert source (by id or name): its credential stops working at once',
        params: IdOrName,
        querystring: RevokeAlertSourceQuery,
        response: { 200: AlertSourceJson, ...errorResponses },
      },
    },
    async (request) => sourceJson(await sources.revoke(actorOf(request), request.params.ref, request.query.reason ?? null)),
  );
}
