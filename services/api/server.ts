import Fastify, { LogController } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Redis } from 'ioredis';
import type { CoreContext } from '../app/context';
import { ClusterService } from '../fleet/cluster-service';
import { OperationService } from '../operations/operation-service';
import { TeamService } from '../fleet/team-service';
import { redactedPaths } from '../core/logger';
import { registerErrorHandler } from './plugins/errors';
import { strictBodyValidators } from './edge/validators';
import { registerInputGuards } from './edge/input-guards';
import { onClientError, onConnectRequest, onFrameworkError } from './edge/framework-errors';
import { registerRouteMethods } from './edge/route-methods';
import { registerAuth, requireCaller } from './plugins/auth';
import { TokenCache } from './plugins/token-cache';
import { registerRateLimit } from './plugins/rate-limit';
import { registerRefusals } from './plugins/refusals';
import { registerOpenApi } from './plugins/openapi';
import { registerMetrics } from './plugins/metrics';
import { registerConsole } from './plugins/console';
import { healthRoutes } from './routes/health';
import { catalogRoutes } from './routes/catalog';
import { clusterRoutes } from './routes/clusters';
import { adoptionRoutes } from './routes/adoption';
import { ClusterAdoption } from '../fleet/cluster-adoption';
import { transferRoutes } from './routes/transfers';
import { TransferService } from '../fleet/transfer-service';
import { operationRoutes } from './routes/operations';
import { teamRoutes } from './routes/teams';
import { tokenRoutes } from './routes/tokens';
import { TokenService } from '../fleet/token-service';
import { eventRoutes, type LiveHub } from './routes/events';
import { healthScoreRoutes } from './routes/health-scores';
import { alertRoutes } from './routes/alerts';
import { alertSourceRoutes } from './routes/alert-sources';
import { AlertSourceService } from '../alerts/alert-source-service';
import { benchmarkRoutes } from './routes/benchmarks';
import { campaignRoutes } from './routes/campaigns';
import { CampaignService } from '../campaigns/campaign-service';
import { CampaignQueue } from '../infra/queues/campaign-queue';
import { upgradeRoutes } from './routes/upgrades';
import { BackgroundQueue } from '../infra/queues/background-queue';
import { metricsRoutes } from './routes/metrics';
import { capacityRoutes } from './routes/capacity';
import { maintenanceRoutes } from './routes/maintenance';

export interface ApiDependencies {
  ctx: CoreContext;
  redis: Redis;
  hub: LiveHub;
  /** Told of every route as it is registered (the authorization test enumerates them this way). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

/** Builds the fastify app: plugins first (errors, auth, rate limit, docs, metrics, refusals), then thin routes. */
export async function buildApi({ ctx, redis, hub, onRoute }: ApiDependencies) {
  const app = Fastify({
    logger: { level: ctx.config.logLevel, redact: { paths: redactedPaths, censor: '[redacted]' } },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    // On close, drop every connection (live event streams, a client's idle keep-alive socket)
    // rather than wait for each to time out.
    forceCloseConnections: true,
    // Reject unknown fields instead of silently dropping them; coerce the URL's parts only, never a body.
    schemaController: { compilersFactory: { buildValidator: strictBodyValidators() } },
    // Malformed HTTP and router refusals get the same error envelope as everything else.
    clientErrorHandler: onClientError,
    frameworkErrors: onFrameworkError,
    // Node answers an HTTP/1.1 request without Host itself, with a bare 400; the input guards refuse it in the envelope instead.
    http: { requireHostHeader: false },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.server.on('connect', onConnectRequest);
  if (onRoute) app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }));
  registerErrorHandler(app);
  // The console sets the one not-found handler (404 or 405 in the envelope; index.html for its own pages).
  const notFound = registerRouteMethods(app);
  // JSON is the only body the API reads: anything else is a 415, not a string slipped past the schema.
  app.removeContentTypeParser('text/plain');
  registerInputGuards(app);
  const tokens = new TokenCache();
  registerAuth(app, ctx, tokens);
  await registerRateLimit(app, ctx, redis);
  requireCaller(app, ctx);
  await registerOpenApi(app);
  registerRefusals(app, ctx, registerMetrics(app, ctx));

  const operations = new OperationService(ctx);
  await app.register(healthRoutes, { ctx, redis });
  await app.register(catalogRoutes, { ctx });
  const clusters = new ClusterService(ctx);
  await app.register(clusterRoutes, { ctx, clusters });
  await app.register(adoptionRoutes, { adoption: new ClusterAdoption(ctx) });
  await app.register(transferRoutes, { transfers: new TransferService(ctx) });
  await app.register(healthScoreRoutes, { ctx, clusters, redis });
  await app.register(alertRoutes, { ctx, redis });
  await app.register(alertSourceRoutes, { sources: new AlertSourceService(ctx) });
  await app.register(benchmarkRoutes, { ctx, clusters });
  await app.register(upgradeRoutes, { ctx, clusters });
  await app.register(operationRoutes, { ctx, operations });
  await app.register(teamRoutes, { teams: new TeamService(ctx) });
  await app.register(tokenRoutes, { tokens: new TokenService(ctx, (tokenId) => tokens.forget(tokenId)) });
  const campaignQueue = new CampaignQueue(redis, ctx.config.queuePrefix);
  app.addHook('onClose', () => campaignQueue.close());
  // A lost kick only delays the campaign to its next scheduled tick.
  const kick = (id: string) => campaignQueue.kick(id).catch((e: unknown) => ctx.logger.warn({ err: e, campaignId: id }, 'could not queue a campaign pass'));
  await app.register(campaignRoutes, { campaigns: new CampaignService(ctx, kick) });
  const background = new BackgroundQueue(redis, ctx.config.queuePrefix);
  app.addHook('onClose', () => background.close());
  await app.register(metricsRoutes, { ctx, clusters });
  await app.register(capacityRoutes, { ctx, clusters, background });
  await app.register(maintenanceRoutes, { ctx, clusters, background });
  await app.register(eventRoutes, { hub });
  await registerConsole(app, notFound);
  return app;
}
