import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../context';
import { UnauthenticatedError } from '../../platform/errors';
import type { TokenCache } from './token-cache';

const TOUCH_EVERY_MS = 60_000;
const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

declare module 'fastify' {
  interface FastifyRequest {
    /** Why the request carries no actor (set by `resolveCaller`, enforced by `requireCaller`). */
    authProblem: string | null;
  }
}

const needsToken = (request: FastifyRequest): boolean => {
  const path = request.url.split('?')[0] ?? '';
  return path.startsWith('/api/') && !path.startsWith('/api/docs');
};

/** The bearer token of a request: the Authorization header (scheme in any case), or ?token= on the event stream. */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  if (token) return token;
  const path = request.url.split('?')[0] ?? '';
  // A browser's EventSource cannot set headers.
  return path === '/api/events' ? (request.query as { token?: string }).token : undefined;
}

/**
 * Every /api route needs a valid bearer token (the docs excepted). This hook only resolves the
 * caller; `requireCaller` refuses, later, so that the rate limiter can key on the resolved token
 * and also limit requests without a valid one.
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
  app.decorateRequest('authProblem', null);
  app.addHook('onRequest', async (request) => {
    if (!needsToken(request)) return;
    const token = bearerOf(request);
    if (!token) {
      request.authProblem = new UnauthenticatedError().message;
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
export function requireCaller(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (needsToken(request) && !request.actor) throw new UnauthenticatedError(request.authProblem ?? undefined);
    return payload;
  });
}
