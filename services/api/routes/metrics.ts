import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import type { CoreContext } from '../../app/context';
import type { ClusterService } from '../../fleet/cluster-service';
import type { MetricsService } from '../../capacity/metrics/metrics-service';
import { Resolutions } from '../../capacity/metrics/sql/metrics-repository';
import { errorResponses, IdOrName, Nullable, PlainText, StringEnum } from '../schemas/common';

const MetricsQuery = Type.Object(
  {
    resolution: Type.Optional(
      StringEnum(Resolutions, {
        description: 'raw points (kept 14 days, at most 2 days a request), hourly or daily rollups; default hour',
      }),
    ),
    from: Type.Optional(
      Type.String({ maxLength: 40, description: 'ISO 8601; default: 6 hours (raw), 7 days (hour) or a year (day) before `to`' }),
    ),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601, exclusive; default now' })),
  },
  { additionalProperties: false },
);

const Point = Type.Object({
  at: Type.String({ description: 'start of the bucket' }),
  fill: Nullable(Type.Number({ description: "highest node's use of the engine's usable capacity; 1 = exhausted" })),
  usedGb: Nullable(Type.Number({ description: 'fill × capacityGb' })),
  capacityGb: Nullable(Type.Number()),
  readsPerSecond: Nullable(Type.Number({ description: 'average over the bucket (summed over nodes for a cluster)' })),
  writesPerSecond: Nullable(Type.Number()),
  p99Ms: Nullable(Type.Number({ description: 'highest p99 in the bucket' })),
  nodeCount: Type.Integer(),
});

const Series = {
  cluster: Type.String(),
  simulated: Type.Boolean(),
  resolution: StringEnum(Resolutions),
  from: Type.String(),
  to: Type.String(),
  points: Type.Array(Point, { description: 'oldest first' }),
};
const ClusterSeries = Type.Object(Series);
const NodeSeries = Type.Object({ ...Series, node: Type.String() });
const NodeParams = Type.Object(
  { ref: IdOrName.properties.ref, node: PlainText({ minLength: 1, maxLength: 100, description: 'node name or id' }) },
  { additionalProperties: false },
);

/** The metrics history of a cluster and of its nodes: storage, traffic and latency over time. */
export async function metricsRoutes(
  app: Api,
  opts: { ctx: CoreContext; clusters: ClusterService; metrics: MetricsService },
): Promise<void> {
  const { metrics } = opts;
  app.get(
    '/api/clusters/:ref/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary: "A cluster's metrics history (fill, used and usable GB, reads/s, writes/s, p99) at raw, hourly or daily resolution",
        params: IdOrName,
        querystring: MetricsQuery,
        response: { 200: ClusterSeries, ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await opts.clusters.get(request.params.ref);
      return { cluster: cluster.name, simulated: cluster.simulated, ...(await metrics.forCluster(cluster, request.query)) };
    },
  );

  app.get(
    '/api/clusters/:ref/nodes/:node/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary: "One node's metrics history at raw, hourly or daily resolution",
        params: NodeParams,
        querystring: MetricsQuery,
        response: { 200: NodeSeries, ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await opts.clusters.get(request.params.ref);
      return {
        cluster: cluster.name,
        simulated: cluster.simulated,
        ...(await metrics.forNode(cluster, request.params.node, request.query)),
      };
    },
  );
}
