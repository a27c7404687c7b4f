import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../context';
import { UnauthenticatedError } from '../../platform/errors';
import { TokenCache } from './token-cache';

/**
 * Every /api route needs a bearer token (the docs excepted). The event stream may pass it as
 * ?token= because a browser's EventSource cannot set headers.
 */
export function registerAuth(app: FastifyInstance, ctx: CoreContext): void {
  const cache = new TokenCache();
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) return;
    const header = request.headers.authorization;
    let token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token && path === '/api/events') token = (request.query as { token?: string }).token;
    if (!token) throw new UnauthenticatedError();
    const owner = await cache.resolve(token, (t) => ctx.repos.tokens.resolve(t));
    if (!owner) throw new UnauthenticatedError('the bearer token is not valid (revoked, mistyped, or from another installation)');
    request.actor = owner;
  });
}
