import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { TransferService } from '../../fleet/transfer-service';
import type { TransferOffer } from '../../fleet/sql/transfers';
import { emptyBodyAsObject, errorResponses, IdOrName, Nullable } from '../schemas/common';
import { EmptyBody, OfferBody, OfferJson } from '../schemas/transfer';

const offerJson = (o: TransferOffer) => ({
  id: o.id,
  cluster: { id: o.clusterId, name: o.clusterName },
  from: { id: o.fromTeamId, name: o.fromTeamName },
  to: { id: o.toTeamId, name: o.toTeamName },
  status: o.status,
  offeredBy: o.offeredBy,
  reason: o.reason,
  createdAt: o.createdAt.toISOString(),
  decidedBy: o.decidedBy,
  decidedAt: o.decidedAt?.toISOString() ?? null,
});

/** Handing a cluster to another team: offer (owning team), accept or decline (receiving team), cancel (owning team). */
export async function transferRoutes(app: Api, opts: { transfers: TransferService }): Promise<void> {
  const { transfers } = opts;
  const tags = ['clusters'];

  app.get(
    '/api/clusters/:ref/transfer',
    {
      schema: {
        tags,
        summary: "The cluster's pending transfer offer, if any",
        params: IdOrName,
        response: { 200: Type.Object({ offer: Nullable(OfferJson) }), ...errorResponses },
      },
    },
    async (request) => {
      const offer = await transfers.pendingFor(request.params.ref);
      return { offer: offer ? offerJson(offer) : null };
    },
  );

  app.post(
    '/api/clusters/:ref/transfer',
    {
      schema: {
        tags,
        summary: 'Offer the cluster to another team (owning team or platform); it changes hands when that team accepts',
        params: IdOrName,
        body: OfferBody,
        response: { 201: OfferJson, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(offerJson(await transfers.offer(actorOf(request), request.params.ref, request.body.to, request.body.reason))),
  );

  for (const decision of ['accept', 'decline', 'cancel'] as const) {
    app.post(
      `/api/clusters/:ref/transfer/${decision}`,
      {
        schema: {
          tags,
          summary:
            decision === 'cancel'
              ? 'Withdraw the pending offer (offering team or platform)'
              : `${decision === 'accept' ? 'Accept' : 'Decline'} the pending offer (receiving team or platform)`,
          params: IdOrName,
          body: EmptyBody,
          response: { 200: OfferJson, ...errorResponses },
        },
        preValidation: emptyBodyAsObject,
      },
      async (request) => offerJson(await transfers.decide(actorOf(request), request.params.ref, decision)),
    );
  }
}
