import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { envelope } from './framework-errors';

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

const toPattern = (url: string) =>
  new RegExp(
    `^${url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}/?$`,
  );

/**
 * Tells "this path exists, but not with this method" (405 with an Allow header) apart from "no such
 * path" (404), both in the error envelope. The routes are learnt as they are registered.
 */
export function registerRouteMethods(app: FastifyInstance): (request: FastifyRequest, reply: FastifyReply) => void {
  const known = new Map<string, KnownPath>();
  app.addHook('onRoute', (route: RouteOptions) => {
    const entry = known.get(route.url) ?? { pattern: toPattern(route.url), methods: new Set<string>() };
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) entry.methods.add(method);
    known.set(route.url, entry);
  });
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...known.values()].filter((k) => k.pattern.test(path)).flatMap((k) => [...k.methods]);
    if (allowed.length && !allowed.includes(request.method)) {
      const allow = [...new Set(allowed)].sort();
      void reply
        .status(405)
        .header('allow', allow.join(', '))
        .send(
          envelope('method_not_allowed', `${request.method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { allowed: allow }),
        );
      return;
    }
    void reply.status(404).send(envelope('not_found', `no route ${request.method} ${path}`));
  };
}
