import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { CoreContext } from '../../context';
import { RateLimitedError } from '../../platform/errors';

const limited = (request: FastifyRequest): boolean => {
  const path = request.url.split('?')[0] ?? '';
  return path.startsWith('/api/') && !path.startsWith('/api/docs');
};

/**
 * Per-token request limits on /api (health, readiness, metrics, docs and the console are not
 * limited). Counters live in Redis, so every API process shares one budget per token; if Redis
 * cannot be reached, requests pass rather than fail. Routes must be registered after this.
 */
export async function registerRateLimit(app: FastifyInstance, ctx: CoreContext, redis: Redis): Promise<void> {
  const max = ctx.config.rateLimitPerMinute;
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: 60_000,
    redis,
    nameSpace: `${ctx.config.queuePrefix}:rate-limit:`,
    skipOnError: true,
    // The auth hook ran first: a resolved token has its own budget, anything else shares its address's.
    keyGenerator: (request) => (request.actor?.tokenId ? `token:${request.actor.tokenId}` : `ip:${request.ip}`),
    allowList: (request) => !limited(request),
    errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000)), max),
  });
}
