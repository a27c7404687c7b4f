import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { CoreContext } from '../../app/context';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors';
import type { TokenCache } from './token-cache';
import { ALERT_SOURCE_PREFIX } from '../../alerts/alert-source-service';
import { policyPath } from '../edge/request-path';

/** The only routes an alert-source credential may call. */
const alertIntake = new Set(['POST /api/alerts', 'POST /api/alerts/alertmanager']);

const TOUCH_EVERY_MS = 60_000;
const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

declare module 'fastify' {
  interface FastifyRequest {
    /** Why the request carries no actor (set by `resolveCaller`, enforced by `requireCaller`). */
    authProblem: string | null;
    /** An alert-source credential used outside alert intake (refused by `requireCaller`). */
    alertSourceOutOfScope: boolean;
  }
}

const needsToken = (request: FastifyRequest): boolean => {
  const path = policyPath(request);
  return path.startsWith('/api/') && !path.startsWith('/api/docs');
};

/** The bearer token of a request: the Authorization header (scheme in any case), or ?token= on the event stream. */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  if (token) return token;
  // A browser's EventSource cannot set headers.
  return policyPath(request) === '/api/events' ? (request.query as { token?: string }).token : undefined;
}

/**
 * Every /api route needs a valid bearer token (the docs excepted). This hook only resolves the
 * caller; `requireCaller` refuses, later, so that the rate limiter can key on the resolved token
 * and also limit requests without a valid one. An alert-source credential is looked up on every
 * call (no cache: a revoked one stops at once) and is refused everywhere but alert intake.
 */
export function registerAuth(app: FastifyInstance, ctx: CoreContext, cache: TokenCache): void {
  const touched = new Map<string, number>();
  const touch = (tokenId: string) => {
    const now = Date.now();
    if ((touched.get(tokenId) ?? 0) > now - TOUCH_EVERY_MS) return;
    if (touched.size > 10_000) touched.clear();
    touched.set(tokenId, now);
    ctx.repos.tokens.touch(tokenId).catch((e: unknown) => ctx.logger.warn({ err: e }, 'could not record token use'));
  };
  app.decorateRequest('actor', null);
  app.decorateRequest('alertSource', null);
  app.decorateRequest('authProblem', null);
  app.decorateRequest('alertSourceOutOfScope', false);
  app.addHook('onRequest', async (request) => {
    if (!needsToken(request)) return;
    const token = bearerOf(request);
    if (!token) {
      request.authProblem = new UnauthenticatedError().message;
      return;
    }
    if (token.startsWith(ALERT_SOURCE_PREFIX)) {
      const path = policyPath(request);
      const source = await ctx.repos.alertSources.resolve(token);
      if (!source) {
        request.authProblem = 'the alert-source credential is not valid (revoked, mistyped, or from another installation)';
        return;
      }
      // Known before the refusal (in `requireCaller`), so that the rate limiter counts even a
      // leaked credential's refused calls against its own budget, and each one's audit write.
      request.alertSource = { id: source.id, name: source.name };
      if (!alertIntake.has(`${request.method} ${path.replace(/\/$/, '')}`)) request.alertSourceOutOfScope = true;
      return;
    }
    const owner = await cache.resolve(token, (t) => ctx.repos.tokens.resolve(t));
    if (!owner) {
      request.authProblem = 'the bearer token is not valid (revoked, expired, mistyped, or from another installation)';
      return;
    }
    request.actor = { team: owner.team, tokenName: owner.tokenName, tokenId: owner.tokenId };
    touch(owner.tokenId);
  });
}

/**
 * Refuses a request to /api that `registerAuth` found no valid token for. It runs before the body is
 * read, after every onRequest hook (the rate limiter's included).
 */
export function requireCaller(app: FastifyInstance, ctx: CoreContext): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (needsToken(request) && !request.actor && !request.alertSource) throw new UnauthenticatedError(request.authProblem ?? undefined);
    const source = request.alertSource;
    if (source && request.alertSourceOutOfScope) {
      // A monitoring system's credential used elsewhere is worth a trace: it may have leaked.
      await ctx.repos.audit.record({
        actor: `alert-source:${source.name}`,
        action: 'alert-source.refused',
        targetType: 'route',
        targetId: `${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 500)}`,
        reason: 'alert-source credentials open alert intake only',
      });
      throw new ForbiddenError(`alert source ${source.name} may only send alerts (POST /api/alerts, POST /api/alerts/alertmanager)`, {
        alertSource: source.name,
      });
    }
    return payload;
  });
}

/** Resolves the caller of every request; needs the services plugin (tokens, alert sources). */
export const authPlugin = fp<{ tokens: TokenCache }>(async (app, { tokens }) => registerAuth(app, app.ctx, tokens), {
  name: 'datafleet-auth',
  dependencies: ['datafleet-services'],
  decorators: { fastify: ['ctx'] },
});

/** Refuses requests without a valid caller; registered after the rate limit, so that it keys on the resolved token first. */
export const callerPlugin = fp(async (app) => requireCaller(app, app.ctx), {
  name: 'datafleet-require-caller',
  dependencies: ['datafleet-auth'],
});
