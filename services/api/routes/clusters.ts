import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import { InputError } from '../../core/errors';
import type { CoreContext } from '../../app/context';
import type { ClusterService } from '../../fleet/cluster-service';
import type { NodeHealthNow } from '../../health/node-health-now';
import { emptyBodyAsObject, errorResponses, IdOrName } from '../schemas/common';
import {
  ClusterDetailJson,
  ClusterJson,
  ClusterListJson,
  ClusterPreviewJson,
  CreateClusterBody,
  PreviewClusterBody,
  DecommissionBody,
  ListClustersQuery,
  UpdateClusterBody,
} from '../schemas/cluster';
import { OperationJson } from '../schemas/operation';
import { clusterHealthJson, clusterJson, nodeJson, operationJson, pickFields } from '../presenters';
import { unknownClusterHealth } from '../../fleet/node-condition';
import { endpointsOf } from '../../fleet/node-endpoints';
import { modelledFailoverManager } from '../../failover/modelled-manager';

const Accepted = Type.Object({ cluster: ClusterJson, operation: OperationJson });

export async function clusterRoutes(
  app: Api,
  opts: { ctx: CoreContext; clusters: ClusterService; nodeHealth: NodeHealthNow },
): Promise<void> {
  const { ctx, clusters, nodeHealth: health } = opts;
  const tags = ['clusters'];

  app.post(
    '/api/clusters',
    {
      schema: {
        tags,
        summary: 'Request a cluster: best-practice spec from name, engine, owner, size and regions',
        body: CreateClusterBody,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        response: { 202: Accepted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await clusters.create(actorOf(request), request.body, request.headers['idempotency-key']);
      return reply.status(202).send({ cluster: clusterJson(result.cluster), operation: operationJson(result.operation) });
    },
  );

  app.post(
    '/api/clusters/preview',
    {
      schema: {
        tags,
        summary:
          'What a create request would make (version, nodes, instance type, monthly cost), or every problem with it; nothing is created',
        body: PreviewClusterBody,
        response: { 200: ClusterPreviewJson, ...errorResponses },
      },
    },
    async (request) => clusters.preview(actorOf(request), request.body),
  );

  app.get(
    '/api/clusters',
    {
      schema: {
        tags,
        summary: 'Fleet inventory with filters, sort, pagination and field choice',
        querystring: ListClustersQuery,
        response: { 200: ClusterListJson, ...errorResponses },
      },
    },
    async (request) => {
      const { sort = 'name', limit = 50, offset = 0, cursor, fields, ...filter } = request.query;
      if (cursor !== undefined && offset > 0)
        throw new InputError('Page by cursor or by offset, not both.', [{ path: 'querystring/offset', message: 'not with a cursor' }]);
      const page = await ctx.repos.clusters.list(filter, sort, limit, cursor === undefined ? { offset } : { cursor });
      const chosen = fields
        ? fields
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean)
        : null;
      const health =
        !chosen || chosen.includes('health') ? await ctx.repos.health.clusterSummaries(page.items.map((c) => c.id)) : new Map();
      const now = new Date();
      const items = page.items.map((c) =>
        pickFields({ ...clusterJson(c, now), health: clusterHealthJson(health.get(c.id) ?? unknownClusterHealth) }, chosen),
      );
      return { items, total: page.total, totalCapped: page.totalCapped, limit, offset, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/clusters/:ref',
    {
      schema: { tags, summary: 'One cluster with its nodes', params: IdOrName, response: { 200: ClusterDetailJson, ...errorResponses } },
    },
    async (request) => {
      const cluster = await clusters.get(request.params.ref);
      const [nodes, nodeHealth, summary] = await Promise.all([
        ctx.repos.nodes.forCluster(cluster.id),
        health.forCluster(cluster.id),
        ctx.repos.health.clusterSummaries([cluster.id]),
      ]);
      const connection = nodes.length ? ctx.engines.get(cluster.engine).connectionHint(endpointsOf(nodes)) : '';
      const now = new Date();
      return {
        ...clusterJson(cluster, now),
        health: clusterHealthJson(summary.get(cluster.id) ?? unknownClusterHealth),
        nodes: nodes.map((n) => nodeJson(n, now, nodeHealth.get(n.id))),
        connection,
        modelledFailoverManager: modelledFailoverManager(ctx, cluster, nodes),
      };
    },
  );

  app.patch(
    '/api/clusters/:ref',
    {
      schema: {
        tags,
        summary: 'Change owner, SLA, maintenance window, contacts or tags',
        params: IdOrName,
        body: UpdateClusterBody,
        response: { 200: ClusterJson, ...errorResponses },
      },
    },
    async (request) => clusterJson(await clusters.update(actorOf(request), request.params.ref, request.body)),
  );

  app.delete(
    '/api/clusters/:ref',
    {
      schema: {
        tags,
        summary: 'Decommission: destroy the nodes, keep the record',
        params: IdOrName,
        body: DecommissionBody,
        response: { 202: Accepted, ...errorResponses },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request, reply) => {
      const reason = request.body.reason ?? 'decommission requested';
      const result = await clusters.decommission(actorOf(request), request.params.ref, reason);
      return reply.status(202).send({ cluster: clusterJson(result.cluster), operation: operationJson(result.operation) });
    },
  );

  app.get(
    '/api/clusters/:ref/operations',
    {
      schema: { tags, params: IdOrName, response: { 200: Type.Array(OperationJson), ...errorResponses } },
    },
    async (request) => {
      const cluster = await clusters.get(request.params.ref);
      return (await ctx.repos.operations.list({ clusterId: cluster.id, limit: 100 })).map(operationJson);
    },
  );

  app.get(
    '/api/clusters/:ref/audit',
    {
      schema: { tags, params: IdOrName, response: { 200: Type.Array(Type.Unknown()), ...errorResponses } },
    },
    async (request) => {
      const cluster = await clusters.get(request.params.ref);
      return ctx.repos.audit.forTarget('cluster', cluster.id);
    },
  );
}
