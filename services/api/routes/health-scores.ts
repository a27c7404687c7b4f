import { Type } from '@sinclair/typebox';
import type { Redis } from 'ioredis';
import type { Api } from '../types';
import type { CoreContext } from '../../app/context';
import type { ClusterService } from '../../fleet/cluster-service';
import { NotFoundError } from '../../core/errors';
import { EngineNameSchema, errorResponses, IdOrName, PlainText, StringEnum } from '../schemas/common';
import { RegionName } from '../schemas/fields';
import { NodeHealthResponse } from '../schemas/health';
import { Environments } from '../../core/types';
import { healthKeys, RECENT_SNAPSHOTS } from '../../health/stream';
import type { NodeHealthNow } from '../../health/node-health-now';
import { decodeRecent } from '../../health/snapshot';

const NodeHealthParams = Type.Object(
  { ref: IdOrName.properties.ref, node: PlainText({ minLength: 1, maxLength: 100, description: 'node name' }) },
  { additionalProperties: false },
);

type NodeHealthAnswer = (typeof NodeHealthResponse)['static'];

/** Current health scores of a cluster and its nodes, with the recent transitions and their causes. */
export async function healthScoreRoutes(
  app: Api,
  opts: { ctx: CoreContext; clusters: ClusterService; redis: Redis; nodeHealth: NodeHealthNow },
): Promise<void> {
  const { ctx, clusters, redis, nodeHealth } = opts;
  const keys = healthKeys(ctx.config.queuePrefix);
  app.get(
    '/api/fleet/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Every live cluster with its health, worst first',
        querystring: Type.Object(
          {
            region: Type.Optional(RegionName),
            engine: Type.Optional(EngineNameSchema),
            environment: Type.Optional(StringEnum(Environments)),
            owner: Type.Optional(PlainText({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Type.Unknown()), ...errorResponses },
      },
    },
    async (request) => {
      return ctx.repos.health.fleet(request.query);
    },
  );

  app.get(
    '/api/clusters/:ref/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Health score and state of a cluster and its nodes',
        params: IdOrName,
        response: { 200: Type.Unknown(), ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await clusters.get(request.params.ref);
      const [states, transitions, nodes, health] = await Promise.all([
        ctx.repos.health.forCluster(cluster.id),
        ctx.repos.health.transitions(cluster.id, 50),
        ctx.repos.nodes.forCluster(cluster.id),
        nodeHealth.forCluster(cluster.id),
      ]);
      const own = states.find((s) => s.targetType === 'cluster');
      return {
        cluster: cluster.name,
        state: own?.state ?? 'unknown',
        score: own?.score ?? null,
        causes: own?.causes ?? [],
        nodes: nodes.map((n) => {
          const h = health.get(n.id);
          return {
            id: n.id,
            name: n.name,
            role: n.role,
            state: h?.state ?? 'unknown',
            score: h?.score ?? null,
            causes: h?.causes ?? [],
            updatedAt: h?.since ?? null,
          };
        }),
        transitions: transitions.map((t) => ({ ...t, node: nodes.find((n) => n.id === t.targetId)?.name ?? null })),
      };
    },
  );

  app.get(
    '/api/clusters/:ref/nodes/:node/health',
    {
      schema: {
        tags: ['health'],
        summary: "A node's health and its recent snapshots (about the last 120), for drill-down",
        params: NodeHealthParams,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: NodeHealthResponse, ...errorResponses },
      },
    },
    async (request): Promise<NodeHealthAnswer> => {
      const cluster = await clusters.get(request.params.ref);
      const node = (await ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.name === request.params.node);
      if (!node) throw new NotFoundError('node', request.params.node);
      // The same reading as the cluster's nodes table and health table: one score per node.
      const [health, recent] = await Promise.all([
        nodeHealth.forCluster(cluster.id),
        redis.lrange(keys.recent(node.id), -RECENT_SNAPSHOTS, -1),
      ]);
      const current = health.get(node.id);
      return {
        cluster: cluster.name,
        node: node.name,
        role: node.role,
        state: current?.state ?? 'unknown',
        score: current?.score ?? null,
        causes: current?.causes ?? [],
        snapshots: recent.map(decodeRecent),
      };
    },
  );
}
