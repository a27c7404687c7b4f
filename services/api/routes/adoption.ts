import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { ClusterAdoption } from '../../fleet/cluster-adoption';
import { errorResponses } from '../schemas/common';
import { AdoptClusterBody, ClusterJson } from '../schemas/cluster';
import { clusterJson } from '../presenters';

/** Adopting a cluster that already runs elsewhere (platform team only). */
export async function adoptionRoutes(app: Api, opts: { adoption: ClusterAdoption }): Promise<void> {
  app.post(
    '/api/clusters/adopt',
    {
      schema: {
        tags: ['clusters'],
        summary:
          'Adopt a running cluster by engine, endpoints and credentials (platform team): inventoried, health-streamed, benchmarked and forecast; nothing on its servers changes',
        body: AdoptClusterBody,
        response: { 201: Type.Object({ cluster: ClusterJson }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const cluster = await opts.adoption.adopt(actorOf(request), request.body);
      return reply.status(201).send({ cluster: clusterJson(cluster) });
    },
  );
}
