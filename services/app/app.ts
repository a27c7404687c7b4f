import type { Worker } from 'bullmq';
import { loadConfig, type Config } from '../core/config';
import { loadRegions } from '../core/regions';
import { createLogger } from '../core/logger';
import { systemClock } from '../core/clock';
import { resolvePostgres } from '../infra/embedded/postgres';
import { resolveRedis } from '../infra/embedded/redis';
import { createPool } from '../infra/db/pool';
import { migrate } from '../infra/db/migrate';
import { sealClusterSecrets } from '../fleet/secrets/secret-sealing';
import { openSecretBox } from '../core/secrets/secret-box-config';
import { createRepositories } from './repositories';
import { createEngineRegistry } from '../engines/registry';
import { createProviders } from '../providers/registry';
import { createCommandRedis, createRedis, untilReady } from '../infra/queues/connection';
import { OperationQueue } from '../infra/queues/operation-queue';
import { LiveEvents, type LiveEvent } from '../infra/queues/live-events';
import { ensureAdminToken } from '../fleet/bootstrap';
import type { CoreContext } from './context';
import { buildApi } from '../api/server';
import { OperationRunner } from '../operations/runner';
import { startOperationWorker } from '../../workers/operation-worker';
import { Reconciler } from '../operations/reconciler';
import { workflows } from '../operations/workflows/index';
import { HealthCollector } from '../health/collector';
import { FailoverWatcher } from '../failover/failover-watcher';
import { startCampaignWorker } from '../../workers/campaign-worker';
import { CampaignQueue } from '../infra/queues/campaign-queue';
import { BackgroundQueue } from '../infra/queues/background-queue';
import { startBackgroundWorker } from '../../workers/background-worker';
import { loadPlaybooks } from '../alerts/playbooks';
import { TokenCache } from '../api/plugins/token-cache';
import { buildServices, type Services } from './services';
import { startHealthAggregator } from './health-aggregator';

export type Role = 'api' | 'worker';

export interface StartOptions {
  config?: Partial<Config>;
  roles?: Role[];
}

export interface RunningDatafleet {
  /** Base URL such as http://127.0.0.1:8080 (empty when the api role is not running). */
  url: string;
  /** A platform-team bearer token. */
  adminToken: string;
  config: Config;
  ctx: CoreContext;
  /** The services this process built (the same instances the API and the workers use). */
  services: Services;
  stop(): Promise<void>;
}

/**
 * The composition root: resolves PostgreSQL and Redis (embedded defaults when unset), migrates,
 * builds the one CoreContext, and starts the api and/or the worker role on it.
 */
export async function startDatafleet(options: StartOptions = {}): Promise<RunningDatafleet> {
  const config = loadConfig(process.env, options.config);
  const roles = options.roles ?? ['api', 'worker'];
  const logger = createLogger(config.logLevel);
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => logger.warn({ err: e }, 'error while stopping'));
  };
  try {
    // First, so a bad key stops the process before anything is started.
    const secretBox = openSecretBox(config);
    const postgres = await resolvePostgres(config.databaseUrl, config.dataDir, logger);
    stops.push(postgres.stop);
    const redisInfo = await resolveRedis(config.redisUrl, config.dataDir, logger);
    stops.push(redisInfo.stop);
    const pool = createPool(postgres.url, {
      max: 20,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      queryTimeoutMs: config.databaseQueryTimeoutMs,
      onConnectionError: (error) =>
        logger.warn(
          { reason: error.message, code: (error as { code?: string }).code },
          'a PostgreSQL connection was lost; the next query reconnects',
        ),
    });
    stops.push(() => pool.end());
    const applied = await migrate(pool);
    if (applied.length) logger.info({ applied }, 'applied migrations');
    const sealing = await sealClusterSecrets(pool, secretBox);
    if (sealing.sealed || sealing.resealed)
      logger.info({ ...sealing, keyId: secretBox.currentKeyId }, 'sealed cluster secrets under the current key');
    if (sealing.tookOverFrom) {
      logger.warn(
        { previousKeyId: sealing.tookOverFrom, keyId: secretBox.currentKeyId },
        "the database named another secret key that sealed nothing stored; this process's key is now the database's key",
      );
    }

    // Commands of the API and the producers fail fast while Redis is away (see createCommandRedis).
    const redis = createCommandRedis(redisInfo.url, config.redisCommandTimeoutMs);
    stops.push(async () => redis.disconnect());
    await untilReady(redis, 30_000);
    const queue = new OperationQueue(redis, config.queuePrefix);
    stops.push(() => queue.close());
    const regions = loadRegions(config.regionsFile);
    const engines = createEngineRegistry();
    const ctx: CoreContext = {
      config,
      regions,
      pool,
      logger,
      clock: systemClock,
      repos: createRepositories(pool, secretBox),
      engines,
      providers: createProviders({ config, regions, pool, clock: systemClock, engines }),
      queue,
      events: new LiveEvents(redis, config.queuePrefix),
    };
    stops.push(() => ctx.providers.closeAll());
    const campaignQueue = new CampaignQueue(redis, config.queuePrefix);
    stops.push(() => campaignQueue.close());
    const backgroundQueue = new BackgroundQueue(redis, config.queuePrefix);
    stops.push(() => backgroundQueue.close());
    const tokenCache = new TokenCache();
    const services = buildServices(ctx, {
      redis,
      playbooks: loadPlaybooks(),
      // A lost kick only delays the campaign to its next scheduled tick.
      kickCampaign: (id) =>
        campaignQueue.kick(id).catch((e: unknown) => logger.warn({ err: e, campaignId: id }, 'could not queue a campaign pass')),
      onTokenRevoked: (tokenId) => tokenCache.forget(tokenId),
    });
    const adminToken = await ensureAdminToken(ctx.repos, config.dataDir, config.adminToken);

    if (roles.includes('worker')) {
      const workerRedis = createRedis(redisInfo.url);
      const worker: Worker = startOperationWorker(ctx, new OperationRunner(services.workflowDeps, workflows), workerRedis);
      // The aggregator blocks on the stream, so it gets a connection of its own.
      const healthRedis = createRedis(redisInfo.url);
      // The collector writes big pipelines and may wait for Redis; it does not share the API's fast-failing connection.
      const collectorRedis = createRedis(redisInfo.url);
      const collector = new HealthCollector(ctx, collectorRedis);
      const aggregator = startHealthAggregator(ctx, services, healthRedis);
      await aggregator.start();
      collector.start();
      const failoverWatcher = new FailoverWatcher(ctx);
      failoverWatcher.start();
      const campaignRedis = createRedis(redisInfo.url);
      const campaignWorker = startCampaignWorker(ctx, services, campaignRedis);
      await campaignQueue.schedule(config.campaignTickMs);
      const backgroundRedis = createRedis(redisInfo.url);
      const backgroundWorker = startBackgroundWorker(ctx, services, backgroundRedis);
      await backgroundQueue.schedule(config);
      // Redis may lose queued jobs and schedulers; PostgreSQL knows what must run.
      const reconciler = new Reconciler(ctx, [
        () => campaignQueue.ensureScheduled(config.campaignTickMs),
        () => backgroundQueue.ensureScheduled(config),
      ]);
      reconciler.start();
      stops.push(async () => {
        await backgroundWorker.close();
        await backgroundRedis.quit();
        collector.stop();
        failoverWatcher.stop();
        collectorRedis.disconnect();
        aggregator.stop();
        reconciler.stop();
        await campaignWorker.close();
        await campaignRedis.quit();
        await worker.close();
        await workerRedis.quit();
        healthRedis.disconnect();
      });
    }

    let url = '';
    if (roles.includes('api')) {
      const subscriber = createRedis(redisInfo.url);
      const listeners = new Set<(event: LiveEvent) => void>();
      await ctx.events.subscribe(subscriber, (event) => listeners.forEach((l) => l(event)));
      const app = await buildApi({
        ctx,
        services,
        redis,
        tokens: tokenCache,
        backgroundQueue,
        hub: { add: (listener) => (listeners.add(listener), () => listeners.delete(listener)) },
      });
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
      stops.push(async () => {
        await app.close();
        await subscriber.quit();
      });
    }
    logger.info({ roles, postgres: postgres.source, redis: redisInfo.source }, 'datafleet started');
    return { url, adminToken, config, ctx, services, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
