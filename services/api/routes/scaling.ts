import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { ClusterService } from '../../fleet/cluster-service';
import type { ScaleService } from '../../upgrades/scale-service';
import type { ResizeService } from '../../upgrades/resize-service';
import { errorResponses, IdOrName, PlainText, MonthlyCostChange } from '../schemas/common';
import { OperationJson } from '../schemas/operation';
import { operationJson } from '../presenters';

const Urgent = Type.Optional(Type.Boolean({ description: 'apply now instead of in the next maintenance window' }));
const Reason = Type.Optional(PlainText({ maxLength: 500 }));
const DryRun = Type.Object({ dryRun: Type.Optional(Type.Boolean({ description: 'preview only: what changes, when, and the cost' })) });
const BeforeAfter = Type.Object({ before: Type.Number(), after: Type.Number() });

const ScaleBody = Type.Object(
  { nodes: Type.Integer({ minimum: 1, maximum: 1000, description: 'nodes in all regions together' }), urgent: Urgent, reason: Reason },
  { additionalProperties: false },
);
const ScalePreview = Type.Object({
  direction: Type.Union([Type.Literal('out'), Type.Literal('in')]),
  nodes: BeforeAfter,
  nodesPerRegion: BeforeAfter,
  leaving: Type.Array(Type.Object({ name: Type.String(), region: Type.String(), zone: Type.String() })),
  capacityGb: BeforeAfter,
  dataGb: Type.Number(),
  notBefore: Type.Union([Type.String(), Type.Null()]),
  monthlyCostUsd: MonthlyCostChange,
});

const ResizeBody = Type.Object(
  { instanceType: Type.String({ minLength: 1, maxLength: 64 }), urgent: Urgent, reason: Reason },
  { additionalProperties: false },
);
const ResizePreview = Type.Object({
  instanceType: Type.Object({ before: Type.String(), after: Type.String() }),
  order: Type.Array(Type.Object({ name: Type.String(), role: Type.String() })),
  capacityGb: BeforeAfter,
  dataGb: Type.Number(),
  notBefore: Type.Union([Type.String(), Type.Null()]),
  monthlyCostUsd: MonthlyCostChange,
});

/** Scale out / in and resize of one cluster: ?dryRun=true previews the change, when and the cost. */
export async function scalingRoutes(
  app: Api,
  opts: { clusters: ClusterService; scaling: ScaleService; resizes: ResizeService },
): Promise<void> {
  app.post(
    '/api/clusters/:ref/scale',
    {
      schema: {
        tags: ['day-2'],
        summary: 'Scale out or in to a node count; data moves before a node leaves; refused below the fill limit or replication factor',
        params: IdOrName,
        querystring: DryRun,
        body: ScaleBody,
        response: {
          200: Type.Object({ preview: ScalePreview }),
          202: Type.Object({ preview: ScalePreview, operation: OperationJson }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const cluster = await opts.clusters.get(request.params.ref);
      if (request.query.dryRun)
        return reply.status(200).send({ preview: await opts.scaling.preview(actorOf(request), cluster, request.body) });
      const { preview, operation } = await opts.scaling.request(actorOf(request), cluster, request.body);
      return reply.status(202).send({ preview, operation: operationJson(operation) });
    },
  );

  app.post(
    '/api/clusters/:ref/resize',
    {
      schema: {
        tags: ['day-2'],
        summary: 'Move every node to another instance type, one at a time, replicas before the primary; reverted on failure',
        params: IdOrName,
        querystring: DryRun,
        body: ResizeBody,
        response: {
          200: Type.Object({ preview: ResizePreview }),
          202: Type.Object({ preview: ResizePreview, operation: OperationJson }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const cluster = await opts.clusters.get(request.params.ref);
      if (request.query.dryRun)
        return reply.status(200).send({ preview: await opts.resizes.preview(actorOf(request), cluster, request.body) });
      const { preview, operation } = await opts.resizes.request(actorOf(request), cluster, request.body);
      return reply.status(202).send({ preview, operation: operationJson(operation) });
    },
  );
}
