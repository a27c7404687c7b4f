import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { RestoreDrillService } from '../../restore-drills/drill-service';
import type { RestoreDrill } from '../../restore-drills/restore-drill';
import { errorResponses, emptyBodyAsObject, IdOrName, IdParam } from '../schemas/common';
import { OperationJson } from '../schemas/operation';
import { DrillSummaryJson, ListDrillsQuery, RestoreDrillJson } from '../schemas/restore-drill';
import { operationJson } from '../presenters';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const restoreDrillJson = (d: RestoreDrill) => ({
  id: d.id,
  cluster: { id: d.clusterId, name: d.clusterName },
  operationId: d.operationId,
  backupId: d.backupId,
  status: d.status,
  scheduled: d.scheduled,
  requestedBy: d.requestedBy,
  scratchCluster: d.scratchClusterId ? { id: d.scratchClusterId, name: d.scratchClusterName } : null,
  startedAt: d.startedAt.toISOString(),
  servingAt: iso(d.servingAt),
  finishedAt: iso(d.finishedAt),
  rpoSeconds: d.rpoSeconds,
  rtoSeconds: d.rtoSeconds,
  newestWriteAt: iso(d.newestWriteAt),
  verification: d.verification,
  error: d.error,
});

/** Restore drills of a cluster, on demand, and the fleet's last verified restores. */
export async function restoreDrillRoutes(app: Api, opts: { drills: RestoreDrillService }): Promise<void> {
  const { drills } = opts;
  const tags = ['backups'];

  app.get(
    '/api/clusters/:ref/restore-drills',
    {
      schema: {
        tags,
        summary: 'Restore drills of the cluster, newest first',
        params: IdOrName,
        querystring: ListDrillsQuery,
        response: { 200: Type.Array(RestoreDrillJson), ...errorResponses },
      },
    },
    async (request) => (await drills.list(request.params.ref, request.query.limit)).map(restoreDrillJson),
  );

  app.post(
    '/api/clusters/:ref/restore-drills',
    {
      schema: {
        tags,
        summary:
          "Drill the cluster's restore now: its latest checked backup restored into a scratch cluster, verified, timed (RPO, RTO) and destroyed",
        params: IdOrName,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 202: Type.Object({ drill: RestoreDrillJson, operation: OperationJson }), ...errorResponses },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request, reply) => {
      const result = await drills.request(actorOf(request), request.params.ref);
      return reply.status(202).send({ drill: restoreDrillJson(result.drill), operation: operationJson(result.operation) });
    },
  );

  app.get(
    '/api/restore-drills/summary',
    {
      schema: {
        tags,
        summary: "Every drillable cluster's last drill and last verified restore (RPO, RTO); those without one in atRiskDays are at risk",
        response: { 200: DrillSummaryJson, ...errorResponses },
      },
    },
    async () => {
      const summary = await drills.summary();
      const clusters = summary.clusters.map((c) => ({
        cluster: { id: c.clusterId, name: c.clusterName },
        engine: c.engine,
        owner: c.ownerTeamName,
        lastDrill: c.lastDrill ? restoreDrillJson(c.lastDrill) : null,
        lastVerified: c.lastPassed ? restoreDrillJson(c.lastPassed) : null,
        atRisk: c.atRisk,
      }));
      return { atRiskDays: summary.atRiskDays, clusters, atRisk: clusters.filter((c) => c.atRisk).map((c) => c.cluster.name) };
    },
  );

  app.get(
    '/api/restore-drills/:id',
    { schema: { tags, summary: 'One restore drill', params: IdParam, response: { 200: RestoreDrillJson, ...errorResponses } } },
    async (request) => restoreDrillJson(await drills.get(request.params.id)),
  );
}
