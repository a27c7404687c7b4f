import Fastify, { LogController } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Redis } from 'ioredis';
import type { CoreContext } from '../app/context';
import type { Services } from '../app/services';
import { redactedPaths } from '../core/logger';
import { registerErrorHandler } from './plugins/errors';
import { strictBodyValidators } from './edge/validators';
import { registerInputGuards } from './edge/input-guards';
import { onClientError, onConnectRequest, onFrameworkError } from './edge/framework-errors';
import { registerRouteMethods } from './edge/route-methods';
import { authPlugin, callerPlugin } from './plugins/auth';
import type { TokenCache } from './plugins/token-cache';
import { servicesPlugin } from './plugins/services';
import { registerRateLimit } from './plugins/rate-limit';
import { registerRefusals } from './plugins/refusals';
import { registerOpenApi } from './plugins/openapi';
import { registerMetrics } from './plugins/metrics';
import { registerConsole } from './plugins/console';
import { healthRoutes } from './routes/health';
import { catalogRoutes } from './routes/catalog';
import { clusterRoutes } from './routes/clusters';
import { adoptionRoutes } from './routes/adoption';
import { transferRoutes } from './routes/transfers';
import { connectionRoutes } from './routes/connection';
import { operationRoutes } from './routes/operations';
import { teamRoutes } from './routes/teams';
import { tokenRoutes } from './routes/tokens';
import { eventRoutes, type LiveHub } from './routes/events';
import { healthScoreRoutes } from './routes/health-scores';
import { alertRoutes } from './routes/alerts';
import { alertSourceRoutes } from './routes/alert-sources';
import { benchmarkRoutes } from './routes/benchmarks';
import { backupRoutes } from './routes/backups';
import { restoreDrillRoutes } from './routes/restore-drills';
import { campaignRoutes } from './routes/campaigns';
import { upgradeRoutes } from './routes/upgrades';
import { settingsRoutes } from './routes/settings';
import { restartRoutes } from './routes/restarts';
import { scalingRoutes } from './routes/scaling';
import { storageRoutes } from './routes/storage';
import { failoverRoutes } from './routes/failovers';
import type { BackgroundQueue } from '../infra/queues/background-queue';
import { metricsRoutes } from './routes/metrics';
import { capacityRoutes } from './routes/capacity';
import { maintenanceRoutes } from './routes/maintenance';
import { databaseUserRoutes } from './routes/database-users';

export interface ApiDependencies {
  ctx: CoreContext;
  /** The services the composition root built once; routes call these. */
  services: Services;
  redis: Redis;
  /** Resolved tokens; the token service tells it of revocations. */
  tokens: TokenCache;
  /** The composition root's background queue: the API only adds on-demand jobs to it. */
  backgroundQueue: BackgroundQueue;
  hub: LiveHub;
  /** Told of every route as it is registered (the authorization test enumerates them this way). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

/** Builds the fastify app: plugins first (errors, auth, rate limit, docs, metrics, refusals), then thin routes. */
export async function buildApi({ ctx, services, redis, tokens, backgroundQueue, hub, onRoute }: ApiDependencies) {
  const app = Fastify({
    logger: { level: ctx.config.logLevel, redact: { paths: redactedPaths, censor: '[redacted]' } },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    // On close, drop every connection (live event streams, a client's idle keep-alive socket)
    // rather than wait for each to time out.
    forceCloseConnections: true,
    // Reject unknown fields instead of silently dropping them; coerce the URL's parts only, never a body.
    schemaController: { compilersFactory: { buildValidator: strictBodyValidators(ctx.engines.names()) } },
    // Malformed HTTP and router refusals get the same error envelope as everything else.
    clientErrorHandler: onClientError,
    frameworkErrors: onFrameworkError,
    // Node answers an HTTP/1.1 request without Host itself, with a bare 400; the input guards refuse it in the envelope instead.
    http: { requireHostHeader: false },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.server.on('connect', onConnectRequest);
  if (onRoute) app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }));
  registerErrorHandler(app, ctx.engines.names());
  // The console sets the one not-found handler (404 or 405 in the envelope; index.html for its own pages).
  const notFound = registerRouteMethods(app);
  // JSON is the only body the API reads: anything else is a 415, not a string slipped past the schema.
  app.removeContentTypeParser('text/plain');
  registerInputGuards(app);
  await app.register(servicesPlugin, { ctx, services });
  await app.register(authPlugin, { tokens });
  await registerRateLimit(app, ctx, redis);
  await app.register(callerPlugin);
  await registerOpenApi(app);
  registerRefusals(app, ctx, registerMetrics(app, ctx, hub));

  const { clusters, operations } = services;
  const background = backgroundQueue;
  await app.register(healthRoutes, { ctx, redis });
  await app.register(catalogRoutes, { ctx });
  await app.register(clusterRoutes, { ctx, clusters, nodeHealth: services.nodeHealth });
  await app.register(adoptionRoutes, { adoption: services.adoption });
  await app.register(transferRoutes, { transfers: services.transfers });
  await app.register(connectionRoutes, { connections: services.connections });
  await app.register(healthScoreRoutes, { ctx, clusters, redis, nodeHealth: services.nodeHealth });
  await app.register(alertRoutes, { ctx, intake: services.alertIntake });
  await app.register(alertSourceRoutes, { sources: services.alertSources });
  await app.register(benchmarkRoutes, { ctx, clusters, benchmarks: services.benchmarks });
  await app.register(backupRoutes, { backups: services.backups, restores: services.restores, inPlace: services.inPlaceRestores });
  await app.register(restoreDrillRoutes, { drills: services.restoreDrills });
  await app.register(upgradeRoutes, { ctx, clusters, upgrades: services.upgrades });
  await app.register(settingsRoutes, { clusters, settings: services.settings });
  await app.register(restartRoutes, { clusters, restarts: services.restarts });
  await app.register(scalingRoutes, { clusters, scaling: services.scaling, resizes: services.resizes });
  await app.register(storageRoutes, { clusters, grow: services.growStorage, policies: services.storagePolicies });
  await app.register(failoverRoutes, { clusters, switchovers: services.switchovers, failovers: ctx.repos.failovers });
  await app.register(operationRoutes, { ctx, operations });
  await app.register(teamRoutes, { teams: services.teams });
  await app.register(tokenRoutes, { tokens: services.tokens });
  await app.register(campaignRoutes, { campaigns: services.campaigns });
  await app.register(metricsRoutes, { ctx, clusters, metrics: services.metrics });
  await app.register(capacityRoutes, { ctx, clusters, background, capacity: services.capacity, advice: services.advice });
  await app.register(maintenanceRoutes, { ctx, clusters, background, maintenance: services.maintenance });
  await app.register(databaseUserRoutes, { clusters, users: services.databaseUsers, credentials: services.credentialRotation });
  await app.register(eventRoutes, { hub });
  await registerConsole(app, notFound);
  return app;
}
