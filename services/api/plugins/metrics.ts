import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CoreContext } from '../../app/context';
import { ClusterGauges } from '../../health/cluster-gauges';
import type { LiveHub } from '../routes/events';

/** Prometheus metrics at /metrics: HTTP latency, queue depths, clusters by status, each cluster's health and capacity. */
export function registerMetrics(app: FastifyInstance, ctx: CoreContext, hub: LiveHub): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'datafleet_' });
  const clusterGauges = new ClusterGauges(
    registry,
    { pool: ctx.pool, logger: ctx.logger, onLiveEvent: (listener) => hub.add(listener) },
    { refreshMs: ctx.config.clusterGaugesRefreshMs },
  );
  clusterGauges.start();
  app.addHook('onClose', async () => clusterGauges.stop());
  const httpDuration = new Histogram({
    name: 'datafleet_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  let postgresAnswered: Promise<boolean> = Promise.resolve(true);
  let redisAnswered: Promise<boolean> = Promise.resolve(true);
  const httpErrors = new Counter({
    name: 'datafleet_http_errors_total',
    help: 'HTTP 5xx answers',
    labelNames: ['route'],
    registers: [registry],
  });
  new Gauge({
    name: 'datafleet_queue_jobs',
    help: 'Jobs in the operations queue by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const counts = ctx.queue.counts();
      redisAnswered = counts.then(
        () => true,
        () => false,
      );
      for (const [state, n] of Object.entries(await counts.catch(() => ({}) as Record<string, number>)))
        this.set({ queue: 'operations', state }, n);
    },
  });
  new Gauge({
    name: 'datafleet_clusters',
    help: 'Clusters by engine and status',
    labelNames: ['engine', 'status'],
    registers: [registry],
    async collect() {
      const query = ctx.repos.clusters.countsByEngineAndStatus();
      postgresAnswered = query.then(
        () => true,
        () => false,
      );
      // PostgreSQL away must not take every other metric down with it (a 503 for the whole scrape):
      // the fleet counts are left out and datafleet_dependency_up says why.
      const rows = await query.catch(() => []);
      this.reset();
      for (const r of rows) this.set({ engine: r.engine, status: r.status }, r.n);
    },
  });
  // Registered after the gauges above: prom-client starts every collect at once, in this order.
  new Gauge({
    name: 'datafleet_dependency_up',
    help: 'Whether PostgreSQL and Redis answered this scrape (1) or not (0)',
    labelNames: ['dependency'],
    registers: [registry],
    async collect() {
      this.set({ dependency: 'postgres' }, (await postgresAnswered) ? 1 : 0);
      this.set({ dependency: 'redis' }, (await redisAnswered) ? 1 : 0);
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) httpErrors.inc({ route });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
