import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { CoreContext } from '../../app/context';
import type { ClusterService } from '../../fleet/cluster-service';
import type { BackgroundQueue } from '../../infra/queues/background-queue';
import type { MaintenanceService } from '../../maintenance/maintenance-service';
import { emptyBodyAsObject, errorResponses, IdOrName, Nullable, StringEnum, Timestamp } from '../schemas/common';
import { ReplacementReasons } from '../../maintenance/replacement-rows';
import { NoticeKinds } from '../../maintenance/notice-rows';
import { OperationStatuses } from '../../core/types';

const Limit = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) }, { additionalProperties: false });

const Notice = Type.Object({
  kind: StringEnum(NoticeKinds), channel: Nullable(Type.String()), at: Timestamp, delivered: Type.Boolean(), detail: Type.String(), text: Type.String(),
});

const PlannedReplacement = Type.Object({
  cluster: Type.String(), node: Type.String(), reason: StringEnum(ReplacementReasons), scheduledFor: Timestamp, deadline: Nullable(Timestamp),
  operationId: Type.String(), status: StringEnum(OperationStatuses),
  asap: Type.Boolean({ description: 'the next window opened too late for the deadline, so it runs at once' }),
  detail: Type.String(), notices: Type.Array(Notice),
});

const OldNode = Type.Object({
  cluster: Type.String(), node: Type.String(), engine: Type.String(), launchedAt: Timestamp, ageDays: Type.Number(), retirementDeadline: Nullable(Timestamp),
});

const ScanResult = Type.Object({
  eventsRead: Type.Integer(), oldNodesFound: Type.Integer(),
  scheduled: Type.Array(Type.Composite([PlannedReplacement, Type.Object({ change: StringEnum(['scheduled', 'rescheduled'] as const), why: Type.String() })])),
});

/** Proactive maintenance: planned node replacements, the oldest nodes, and a scan on request. */
export async function maintenanceRoutes(app: Api, opts: { ctx: CoreContext; clusters: ClusterService; background: BackgroundQueue; maintenance: MaintenanceService }): Promise<void> {
  const { maintenance } = opts;
  const tags = ['maintenance'];

  app.get('/api/maintenance/upcoming', {
    schema: { tags, summary: 'Node replacements not finished yet, fleet-wide, soonest first', querystring: Limit, response: { 200: Type.Array(PlannedReplacement), ...errorResponses } },
  }, async (request) => maintenance.upcoming(request.query.limit ?? 100));

  app.get('/api/clusters/:ref/maintenance', {
    schema: { tags, summary: "The cluster's node replacements: open ones soonest first, then finished ones newest first", params: IdOrName, querystring: Limit, response: { 200: Type.Array(PlannedReplacement), ...errorResponses } },
  }, async (request) => maintenance.forCluster(await opts.clusters.get(request.params.ref), request.query.limit ?? 100));

  app.get('/api/nodes/oldest', {
    schema: { tags, summary: "The fleet's oldest live nodes, oldest first, with any retirement deadline", querystring: Limit, response: { 200: Type.Array(OldNode), ...errorResponses } },
  }, async (request) => maintenance.oldest(request.query.limit ?? 100));

  app.post('/api/maintenance/scan', {
    schema: {
      tags, summary: 'Scan now for retirement notices and old nodes (platform team only); returns what it planned',
      body: Type.Object({}, { additionalProperties: false }), response: { 200: ScanResult, ...errorResponses },
    },
    preValidation: emptyBodyAsObject,
  }, async (request) => maintenance.scanNow(actorOf(request)));
}
