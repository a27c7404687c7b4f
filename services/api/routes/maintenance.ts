import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { CoreContext } from '../../app/context';
import type { ClusterService } from '../../fleet/cluster-service';
import type { BackgroundQueue } from '../../infra/queues/background-queue';
import type { MaintenanceService } from '../../maintenance/maintenance-service';
import { emptyBodyAsObject, errorResponses, IdOrName } from '../schemas/common';
import { OldNode, PlannedReplacement, ScanResult } from '../schemas/maintenance';

const Limit = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
  { additionalProperties: false },
);

/** Proactive maintenance: planned node replacements, the oldest nodes, and a scan on request. */
export async function maintenanceRoutes(
  app: Api,
  opts: { ctx: CoreContext; clusters: ClusterService; background: BackgroundQueue; maintenance: MaintenanceService },
): Promise<void> {
  const { maintenance } = opts;
  const tags = ['maintenance'];

  app.get(
    '/api/maintenance/upcoming',
    {
      schema: {
        tags,
        summary: 'Node replacements not finished yet, fleet-wide, soonest first',
        querystring: Limit,
        response: { 200: Type.Array(PlannedReplacement), ...errorResponses },
      },
    },
    async (request) => maintenance.upcoming(request.query.limit ?? 100),
  );

  app.get(
    '/api/clusters/:ref/maintenance',
    {
      schema: {
        tags,
        summary: "The cluster's node replacements: open ones soonest first, then finished ones newest first",
        params: IdOrName,
        querystring: Limit,
        response: { 200: Type.Array(PlannedReplacement), ...errorResponses },
      },
    },
    async (request) => maintenance.forCluster(await opts.clusters.get(request.params.ref), request.query.limit ?? 100),
  );

  app.get(
    '/api/nodes/oldest',
    {
      schema: {
        tags,
        summary: "The fleet's oldest live nodes, oldest first, with any retirement deadline",
        querystring: Limit,
        response: { 200: Type.Array(OldNode), ...errorResponses },
      },
    },
    async (request) => maintenance.oldest(request.query.limit ?? 100),
  );

  app.post(
    '/api/maintenance/scan',
    {
      schema: {
        tags,
        summary: 'Scan now for retirement notices and old nodes (platform team only); returns what it planned',
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: ScanResult, ...errorResponses },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request) => maintenance.scanNow(actorOf(request)),
  );
}
