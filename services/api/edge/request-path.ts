import type { FastifyRequest } from 'fastify';

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The path a request's policy (token required, alert-source scope, rate limit) is decided on: the
 * pattern of the route that will answer it (`/api/clusters/:ref`), or, when no route matches, its
 * path made plain. Never the raw URL: `/%61pi/clusters` and the absolute form
 * `GET http://host/api/clusters` reach the same routes as `/api/clusters` while their raw text
 * does not start with `/api/`.
 */
export function policyPath(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (route) return route;
  let path = request.url.split('?')[0] ?? '';
  if (ABSOLUTE_FORM.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      // Not a URL after all: judged as it is.
    }
  }
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
