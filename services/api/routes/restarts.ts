import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { ClusterService } from '../../fleet/cluster-service';
import type { RollingRestartService } from '../../upgrades/rolling-restart-service';
import { errorResponses, IdOrName, MonthlyCostChange } from '../schemas/common';
import { OperationJson } from '../schemas/operation';
import { operationJson } from '../presenters';

const Body = Type.Object(
  { urgent: Type.Optional(Type.Boolean({ description: 'restart now instead of in the next maintenance window' })) },
  { additionalProperties: false },
);
const Preview = Type.Object({
  order: Type.Array(Type.Object({ name: Type.String(), role: Type.String() })),
  notBefore: Type.Union([Type.String(), Type.Null()]),
  monthlyCostUsd: MonthlyCostChange,
});

/** A rolling restart of one cluster: ?dryRun=true previews the order, when and the cost. */
export async function restartRoutes(app: Api, opts: { clusters: ClusterService; restarts: RollingRestartService }): Promise<void> {
  app.post(
    '/api/clusters/:ref/rolling-restart',
    {
      schema: {
        tags: ['day-2'],
        summary: 'Restart every node in turn, replicas before the primary, each serving again before the next',
        params: IdOrName,
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }),
        body: Body,
        response: {
          200: Type.Object({ preview: Preview }),
          202: Type.Object({ preview: Preview, operation: OperationJson }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const cluster = await opts.clusters.get(request.params.ref);
      const urgent = request.body.urgent ?? false;
      if (request.query.dryRun) return reply.status(200).send({ preview: await opts.restarts.preview(actorOf(request), cluster, urgent) });
      const { preview, operation } = await opts.restarts.request(actorOf(request), cluster, urgent);
      return reply.status(202).send({ preview, operation: operationJson(operation) });
    },
  );
}
