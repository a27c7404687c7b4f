import type { Api } from '../types';
import type { CoreContext } from '../../context';
import type { Redis } from 'ioredis';

/** /healthz: the process is up. /readyz: it can reach PostgreSQL and Redis, so it can do work. */
export async function healthRoutes(app: Api, opts: { ctx: CoreContext; redis: Redis }): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const [postgres, redis] = await Promise.all([
      opts.ctx.pool.query('SELECT 1').then(() => 'ok', (e: Error) => e.message),
      opts.redis.ping().then(() => 'ok', (e: Error) => e.message),
    ]);
    const ready = postgres === 'ok' && redis === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', postgres, redis });
  });
}
