import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Actor } from '../core/actor';

export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin on every /api route. */
    actor: Actor | null;
    /** Set instead of `actor` when the caller is a monitoring system with an alert-source credential (alert intake only). */
    alertSource: { id: string; name: string } | null;
  }
}

/** The actor of a request that passed authentication (every /api route). */
export function actorOf(request: { actor: Actor | null }): Actor {
  if (!request.actor) throw new Error('route reached without authentication');
  return request.actor;
}
