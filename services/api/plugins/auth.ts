import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../context';
import { ForbiddenError, UnauthenticatedError } from '../../platform/errors';
import { TokenCache } from './token-cache';
import { ALERT_SOURCE_PREFIX } from '../../alerts/alert-source-service';

/** The only routes an alert-source credential may call. */
const alertIntake = new Set(['POST /api/alerts', 'POST /api/alerts/alertmanager']);

/**
 * Every /api route needs a bearer token (the docs excepted). The event stream may pass it as
 * ?token= because a browser's EventSource cannot set headers. An alert-source credential is looked
 * up on every call (no cache: a revoked one stops at once) and is refused everywhere but intake.
 */
export function registerAuth(app: FastifyInstance, ctx: CoreContext): void {
  const cache = new TokenCache();
  app.decorateRequest('actor', null);
  app.decorateRequest('alertSource', null);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) return;
    const header = request.headers.authorization;
    let token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token && path === '/api/events') token = (request.query as { token?: string }).token;
    if (!token) throw new UnauthenticatedError();
    if (token.startsWith(ALERT_SOURCE_PREFIX)) {
      const source = await ctx.repos.alertSources.resolve(token);
      if (!source) throw new UnauthenticatedError('the alert-source credential is not valid (revoked, mistyped, or from another installation)');
      if (!alertIntake.has(`${request.method} ${path.replace(/\/$/, '')}`)) {
        // A monitoring system's credential used elsewhere is worth a trace: it may have leaked.
        await ctx.repos.audit.record({
          actor: `alert-source:${source.name}`, action: 'alert-source.refused', targetType: 'route', targetId: `${request.method} ${path}`,
          reason: 'alert-source credentials open alert intake only',
        });
        throw new ForbiddenError(`alert source ${source.name} may only send alerts (POST /api/alerts, POST /api/alerts/alertmanager)`, { alertSource: source.name });
      }
      request.alertSource = { id: source.id, name: source.name };
      return;
    }
    const owner = await cache.resolve(token, (t) => ctx.repos.tokens.resolve(t));
    if (!owner) throw new UnauthenticatedError('the bearer token is not valid (revoked, mistyped, or from another installation)');
    request.actor = owner;
  });
}
