import type { Api } from '../types';
import type { CoreContext } from '../../app/context';
import type { Redis } from 'ioredis';
import { RETRY_AFTER_SECONDS } from '../../core/dependency-errors';
import { pingDatabase } from '../../infra/db/ping';

/** Each dependency gets this long to answer, so /readyz itself answers well within 2 s. */
const CHECK_TIMEOUT_MS = 1500;

/** 'ok', or why the dependency cannot be used; never throws, never takes longer than the timeout. */
async function check(name: string, probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`${name} did not answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  const answer = probe().then(
    () => 'ok',
    (e: unknown) => `${name} is unreachable: ${e instanceof Error ? e.message || e.name : String(e)}`,
  );
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /healthz: the process is up. /readyz: it can reach PostgreSQL and Redis, so it can do work; when
 * not, a 503 in the error envelope naming the dependency that is down (and why), with Retry-After.
 */
export async function healthRoutes(app: Api, opts: { ctx: CoreContext; redis: Redis }): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const [postgres, redis] = await Promise.all([
      check('PostgreSQL', () => pingDatabase(opts.ctx.pool)),
      check('Redis', () => opts.redis.ping()),
    ]);
    if (postgres === 'ok' && redis === 'ok') return reply.status(200).send({ status: 'ready', postgres, redis });
    const down = [postgres === 'ok' ? null : 'postgres', redis === 'ok' ? null : 'redis'].filter((d): d is string => d !== null);
    const message = [postgres, redis].filter((s) => s !== 'ok').join('; ');
    return reply
      .status(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send({ status: 'not ready', postgres, redis, error: { code: 'unavailable', message, details: { down, postgres, redis } } });
  });
}
