import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import type { CoreContext } from '../../context';
import type { ClusterService } from '../../domain/cluster-service';
import { errorResponses, IdOrName } from '../schemas/common';

/** Current health scores of a cluster and its nodes, with the recent transitions and their causes. */
export async function healthScoreRoutes(app: Api, opts: { ctx: CoreContext; clusters: ClusterService }): Promise<void> {
  const { ctx, clusters } = opts;
  app.get('/api/fleet/health', {
    schema: {
      tags: ['health'], summary: 'Every live cluster with its health, worst first',
      querystring: Type.Object(
        { region: Type.Optional(Type.String({ maxLength: 40 })), engine: Type.Optional(Type.String({ maxLength: 20 })), environment: Type.Optional(Type.String({ maxLength: 10 })), owner: Type.Optional(Type.String({ maxLength: 200 })) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Array(Type.Unknown()), ...errorResponses },
    },
  }, async (request) => ctx.repos.health.fleet(request.query));

  app.get('/api/clusters/:ref/health', {
    schema: { tags: ['health'], summary: 'Health score and state of a cluster and its nodes', params: IdOrName, response: { 200: Type.Unknown(), ...errorResponses } },
  }, async (request) => {
    const cluster = await clusters.get(request.params.ref);
    const [states, transitions, nodes] = await Promise.all([
      ctx.repos.health.forCluster(cluster.id),
      ctx.repos.health.transitions(cluster.id, 50),
      ctx.repos.nodes.forCluster(cluster.id),
    ]);
    const own = states.find((s) => s.targetType === 'cluster');
    return {
      cluster: cluster.name,
      state: own?.state ?? 'unknown',
      score: own?.score ?? null,
      causes: own?.causes ?? [],
      nodes: nodes.map((n) => {
        const s = states.find((h) => h.targetType === 'node' && h.targetId === n.id);
        return { id: n.id, name: n.name, role: n.role, state: s?.state ?? 'unknown', score: s?.score ?? null, causes: s?.causes ?? [], updatedAt: s?.updatedAt ?? null };
      }),
      transitions: transitions.map((t) => ({ ...t, node: nodes.find((n) => n.id === t.targetId)?.name ?? null })),
    };
  });
}
