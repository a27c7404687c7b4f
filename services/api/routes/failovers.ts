import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { ClusterService } from '../../fleet/cluster-service';
import type { SwitchoverService } from '../../failover/switchover-service';
import type { FailoverEventsPort } from '../../failover/ports';
import type { FailoverEvent } from '../../failover/failover-event';
import { errorResponses, IdOrName } from '../schemas/common';
import { OperationJson } from '../schemas/operation';
import { FailoverEventJson, FailoversQuery, SwitchoverBody, SwitchoverPreviewJson } from '../schemas/failover';
import { operationJson } from '../presenters';

const failoverJson = (e: FailoverEvent) => ({
  id: e.id,
  clusterId: e.clusterId,
  clusterName: e.clusterName ?? '',
  kind: e.kind,
  planned: e.kind === 'switchover',
  decidedBy: e.decidedBy,
  requestedBy: e.requestedBy ?? null,
  oldPrimary: e.oldPrimary,
  newPrimary: e.newPrimary,
  unavailableMs: e.unavailableMs,
  operationId: e.operationId,
  before: e.before,
  after: e.after,
  observedAt: e.observedAt.toISOString(),
});

/** Failovers and switchovers as recorded (a cluster's, the fleet's), and a planned switchover (?dryRun=true previews it). */
export async function failoverRoutes(
  app: Api,
  opts: { clusters: ClusterService; switchovers: SwitchoverService; failovers: FailoverEventsPort },
): Promise<void> {
  const tags = ['failover'];
  app.get(
    '/api/clusters/:ref/failovers',
    {
      schema: {
        tags,
        summary: "The cluster's failovers and switchovers, newest first",
        params: IdOrName,
        querystring: FailoversQuery,
        response: { 200: Type.Array(FailoverEventJson), ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await opts.clusters.get(request.params.ref);
      const events = await opts.failovers.forCluster(cluster.id, request.query.limit ?? 50);
      const since = request.query.since ? Date.parse(request.query.since) : null;
      return events.filter((e) => since === null || e.observedAt.getTime() > since).map(failoverJson);
    },
  );

  app.get(
    '/api/failovers',
    {
      schema: {
        tags,
        summary: "The fleet's failovers and switchovers, newest first (after `since` when given)",
        querystring: FailoversQuery,
        response: { 200: Type.Array(FailoverEventJson), ...errorResponses },
      },
    },
    async (request) =>
      (await opts.failovers.recent(request.query.limit ?? 50, request.query.since ? new Date(request.query.since) : null)).map(
        failoverJson,
      ),
  );

  app.post(
    '/api/clusters/:ref/switchover',
    {
      schema: {
        tags: ['day-2', ...tags],
        summary: "Hand the primary role to a replica through the cluster's HA manager; held until the maintenance window unless urgent",
        params: IdOrName,
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        body: SwitchoverBody,
        response: {
          200: Type.Object({ preview: SwitchoverPreviewJson }),
          202: Type.Object({ preview: SwitchoverPreviewJson, operation: OperationJson }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const cluster = await opts.clusters.get(request.params.ref);
      if (request.query.dryRun)
        return reply.status(200).send({ preview: await opts.switchovers.preview(actorOf(request), cluster, request.body) });
      const { preview, operation } = await opts.switchovers.request(actorOf(request), cluster, request.body);
      return reply.status(202).send({ preview, operation: operationJson(operation) });
    },
  );
}
