import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { CoreContext } from '../../app/context';
import { RateLimitedError } from '../../core/errors';
import { policyPath } from '../edge/request-path';

const limited = (request: FastifyRequest): boolean => {
  const path = policyPath(request);
  return path.startsWith('/api/') && !path.startsWith('/api/docs');
};

/**
 * Per-token request limits on /api (health, readiness, metrics, docs and the console are not
 * limited). Counters live in Redis, so every API process shares one budget per token; if Redis
 * cannot be reached (or answers slower than 500 ms), requests pass unlimited rather than fail. Routes must be registered after this.
 */
export async function registerRateLimit(app: FastifyInstance, ctx: CoreContext, redis: Redis): Promise<void> {
  const max = ctx.config.rateLimitPerMinute;
  // Its own connection that fails fast: the shared one retries forever (as BullMQ needs), which
  // would hold every request while Redis is away instead of letting it through unlimited.
  const counters = redis.duplicate({ enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500 });
  counters.on('error', () => undefined);
  app.addHook('onClose', async () => counters.disconnect());
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: 60_000,
    redis: counters,
    nameSpace: `${ctx.config.queuePrefix}:rate-limit:`,
    skipOnError: true,
    // The auth hook ran first: a resolved token or alert-source credential has its own budget,
    // anything else shares its address's (so junk from a monitoring system's address, or from
    // behind the same proxy, cannot use up that system's budget and silence its alerts).
    keyGenerator: (request) => {
      if (request.actor?.tokenId) return `token:${request.actor.tokenId}`;
      if (request.alertSource) return `alert-source:${request.alertSource.id}`;
      return `ip:${request.ip}`;
    },
    allowList: (request) => !limited(request),
    errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000)), max),
  });
}
