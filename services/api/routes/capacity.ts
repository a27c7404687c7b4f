import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { CoreContext } from '../../app/context';
import type { ClusterService } from '../../fleet/cluster-service';
import type { ClusterRecord } from '../../fleet/cluster-record';
import type { BackgroundQueue } from '../../infra/queues/background-queue';
import { actorLabel, assertMayChange, assertPlatform } from '../../core/actor';
import type { CapacityService } from '../../capacity/capacity-service';
import { HISTORY_DAYS } from '../../capacity/cluster-forecast';
import { forecastView } from '../../capacity/forecast-view';
import { atRiskJson, noticeJson, whatIfJson } from '../../capacity/capacity-json';
import type { CapacityForecastRecord } from '../../capacity/sql/forecast-repository';
import { NoticeRepository } from '../../capacity/sql/notice-repository';
import { whatIf } from '../../capacity/what-if';
import type { AdviceApplier } from '../../capacity/apply-advice';
import { OperationJson } from '../schemas/operation';
import { operationJson } from '../presenters';
import { dailyClusterRollups } from '../../capacity/metrics/sql/metrics-repository';
import { ConflictError, NotFoundError } from '../../core/errors';
import { errorResponses, IdOrName } from '../schemas/common';
import { AtRiskJson, AtRiskQuery, CapacityNoticeJson, ForecastJson, WhatIfApplyBody, WhatIfBody, WhatIfJson } from '../schemas/capacity';

/** Capacity forecasts, what-if headroom, the fleet's clusters at risk and the notices sent. */
export async function capacityRoutes(
  app: Api,
  opts: { ctx: CoreContext; clusters: ClusterService; background: BackgroundQueue; capacity: CapacityService; advice: AdviceApplier },
): Promise<void> {
  const { ctx, clusters, background, capacity } = opts;
  const notices = new NoticeRepository(ctx.pool);
  const tags = ['capacity'];
  const view = async (cluster: ClusterRecord, record: CapacityForecastRecord) => {
    const rollups = (await dailyClusterRollups(ctx.pool, [cluster.id], HISTORY_DAYS)).get(cluster.id) ?? [];
    return forecastView(cluster, record, rollups, ctx.config.capacityWarningDays);
  };

  app.get(
    '/api/clusters/:ref/forecast',
    {
      schema: {
        tags,
        summary:
          'The latest capacity forecast: exhaustion date with its interval, history and forecast for the chart, ops/s against the limit, p99 against the SLA',
        params: IdOrName,
        response: { 200: ForecastJson, ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await clusters.get(request.params.ref);
      const record = await capacity.forecasts.find(cluster.id);
      if (!record)
        throw new NotFoundError(
          'forecast',
          cluster.name,
          `no forecast yet for cluster ${cluster.name}: it runs daily once the cluster has metrics history, or POST to recompute now`,
          { cluster: cluster.name, reason: 'no_forecast_yet' },
        );
      return view(cluster, record);
    },
  );

  app.post(
    '/api/clusters/:ref/forecast',
    {
      schema: {
        tags,
        summary: 'Recompute the capacity forecast now (and open or re-arm its notices)',
        params: IdOrName,
        response: { 200: ForecastJson, ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await clusters.get(request.params.ref);
      assertMayChange(actorOf(request), cluster.ownerTeamId, `cluster ${cluster.name}`);
      const record = await capacity.forecastCluster(cluster.id);
      if (!record)
        throw new ConflictError(`cluster ${cluster.name} has no metrics history yet; nothing to forecast`, { cluster: cluster.name });
      await ctx.repos.audit.record({
        actor: actorLabel(actorOf(request)),
        action: 'capacity.forecast',
        targetType: 'cluster',
        targetId: cluster.id,
        after: { method: record.method, daysLeft: record.daysLeft, exhaustionAt: record.exhaustionAt },
      });
      return view(cluster, record);
    },
  );

  app.post(
    '/api/clusters/:ref/forecast/what-if',
    {
      schema: {
        tags,
        summary: 'Headroom after a change in load (more writes, more GB a day): sufficient until when, and what to scale to by when',
        params: IdOrName,
        body: WhatIfBody,
        response: { 200: WhatIfJson, ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await clusters.get(request.params.ref);
      return whatIfJson(await whatIf(ctx, cluster, request.body));
    },
  );

  app.post(
    '/api/clusters/:ref/forecast/what-if/apply',
    {
      schema: {
        tags,
        summary:
          'Schedule exactly what the what-if advises for the same change: grow storage, scale (nodes) or resize (instance type); held until the maintenance window unless urgent',
        params: IdOrName,
        body: WhatIfApplyBody,
        response: {
          202: Type.Object({ advice: WhatIfJson, kind: Type.String(), operation: OperationJson }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const cluster = await clusters.get(request.params.ref);
      const { urgent, ...change } = request.body;
      const applied = await opts.advice.apply(actorOf(request), cluster, change, urgent ?? false);
      return reply
        .status(202)
        .send({ advice: whatIfJson(applied.advice), kind: applied.kind, operation: operationJson(applied.operation) });
    },
  );

  app.get(
    '/api/capacity/at-risk',
    {
      schema: {
        tags,
        summary: 'Clusters with a predicted exhaustion within the horizon, fewest days left first',
        querystring: AtRiskQuery,
        response: { 200: Type.Array(AtRiskJson), ...errorResponses },
      },
    },
    async (request) =>
      (await capacity.forecasts.atRisk(request.query.limit ?? 50)).map((row) => atRiskJson(row, ctx.config.capacityWarningDays)),
  );

  app.get(
    '/api/clusters/:ref/capacity-notices',
    {
      schema: {
        tags,
        summary: "The cluster's capacity notices (one per threshold crossing), newest first",
        params: IdOrName,
        response: { 200: Type.Array(CapacityNoticeJson), ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await clusters.get(request.params.ref);
      return (await notices.forCluster(cluster.id)).map(noticeJson);
    },
  );

  app.post(
    '/api/capacity/forecast',
    {
      schema: {
        tags,
        summary: 'Queue a forecast of the whole fleet now, outside the daily schedule (platform team)',
        response: { 202: Type.Object({ queued: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      assertPlatform(actor, 'run a fleet-wide forecast');
      await background.runNow('forecast');
      await ctx.repos.audit.record({ actor: actorLabel(actor), action: 'capacity.forecast_fleet', targetType: 'fleet', targetId: 'fleet' });
      return reply.status(202).send({ queued: true });
    },
  );
}
