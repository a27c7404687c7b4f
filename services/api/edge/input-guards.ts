import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { InputError } from '../../core/errors';
import { policyPath } from './request-path';

/** Routes under this prefix are the API; the docs and the console's files are left alone. */
const isApiRoute = (url: string) => url.startsWith('/api/') && !url.startsWith('/api/docs');

const NoQuery = Type.Object({}, { additionalProperties: false });
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_DEPTH = 32;

/**
 * Text PostgreSQL cannot store: a NUL byte (it refuses it) or a lone UTF-16 surrogate (`"\ud800"`,
 * valid JSON but not Unicode; the driver cannot encode it faithfully).
 */
// eslint-disable-next-line no-control-regex -- the NUL byte is exactly what this refuses
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const printable = (key: string) => key.replace(new RegExp(UNSAFE_TEXT.source, 'g'), '\ufffd');

/** Paths (like `/tags/a`) of every string, or object key, holding unsafe text. */
export function unsafeTextPaths(value: unknown, path = '', depth = 0, found: string[] = []): string[] {
  if (found.length >= 20 || depth > MAX_DEPTH) return found;
  if (typeof value === 'string') {
    if (UNSAFE_TEXT.test(value)) found.push(path || '/');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unsafeTextPaths(item, `${path}/${i}`, depth + 1, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (UNSAFE_TEXT.test(key)) found.push(`${path}/${printable(key)}`);
      unsafeTextPaths(item, `${path}/${printable(key)}`, depth + 1, found);
    }
  }
  return found;
}

/** The query string's parser keeps a malformed escape (`%zz`, a cut UTF-8 sequence) as literal text; refuse it instead. */
function refuseBadQueryEncoding(url: string): void {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  for (const part of query.split('&')) {
    try {
      decodeURIComponent(part.replaceAll('+', ' '));
    } catch {
      throw new InputError('the query string is not valid: a percent-encoded sequence is malformed', [
        { path: 'querystring', message: `malformed percent-encoding in "${part.slice(0, 80)}"` },
      ]);
    }
  }
}

/** Ids and names in a path never hold control characters, whatever a route's own schema says. */
function controlCharParams(params: unknown): Array<{ path: string; message: string }> {
  if (params === null || typeof params !== 'object') return [];
  return Object.entries(params)
    .filter(([, value]) => typeof value === 'string' && /\p{Cc}/u.test(value))
    .map(([name]) => ({ path: `params/${name}`, message: 'must not contain control characters' }));
}

/** HTTP/1.1 requires a Host header (RFC 9112 §3.2); refused here so the answer has the envelope. */
async function refuseMissingHost(request: FastifyRequest): Promise<void> {
  if (request.raw.httpVersion === '1.1' && !request.headers.host)
    throw new InputError('an HTTP/1.1 request must carry a Host header', [{ path: 'headers/host', message: 'is required' }]);
}

async function refuseUnsafeText(request: FastifyRequest): Promise<void> {
  refuseBadQueryEncoding(request.url);
  // JSON `null` is not "no body": a schema whose fields are all optional would let it through.
  if (request.body === null && isApiRoute(policyPath(request)))
    throw new InputError('the request body must be a JSON object, or absent', [{ path: 'body', message: 'must be object' }]);
  const details = (['params', 'querystring', 'body'] as const).flatMap((part) => {
    const value = part === 'querystring' ? request.query : request[part];
    return unsafeTextPaths(value).map((path) => ({
      path: `${part}${path === '/' ? '' : path}`,
      message: 'must not contain a NUL byte (\\u0000) or an unpaired surrogate',
    }));
  });
  if (details.length)
    throw new InputError(
      `${details.map((d) => d.path).join(', ')} must not contain a NUL byte or an unpaired surrogate (invalid Unicode)`,
      details,
    );
  const inPath = controlCharParams(request.params);
  if (inPath.length) throw new InputError(`${inPath.map((d) => d.path).join(', ')} must not contain control characters`, inPath);
}

/**
 * A number in the path or query must be finite: `?limit=Infinity` or `?limit=1e400` is coerced to
 * Infinity, which no schema bound stops reliably and PostgreSQL refuses (a 500).
 */
async function refuseNonFiniteNumbers(request: FastifyRequest): Promise<void> {
  const details = (['params', 'querystring'] as const).flatMap((part) => {
    const value = (part === 'querystring' ? request.query : request.params) as Record<string, unknown> | undefined;
    return Object.entries(value ?? {}).flatMap(([key, item]) =>
      (Array.isArray(item) ? item : [item]).some((v) => typeof v === 'number' && !Number.isFinite(v))
        ? [{ path: `${part}/${key}`, message: 'must be a finite number' }]
        : [],
    );
  });
  if (details.length) throw new InputError(`${details.map((d) => d.path).join(', ')} must be a finite number`, details);
}

const isEmpty = (body: unknown) =>
  body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);

async function refuseBody(request: FastifyRequest): Promise<void> {
  if (!isEmpty(request.body)) {
    throw new InputError(`${request.method} ${request.routeOptions.url ?? ''} takes no request body`, [
      { path: 'body', message: 'must be empty' },
    ]);
  }
}

/**
 * Input rules that hold for every API route, so no route can forget them:
 * - a route without a querystring schema accepts no query parameters (unknown ones are refused,
 *   never silently ignored);
 * - a route without a body schema refuses a body (an empty JSON object is tolerated), and JSON
 *   `null` is refused as a body everywhere;
 * - no string in the path, query or body may hold a NUL byte or a lone surrogate (PostgreSQL would
 *   refuse or mangle it), and no path parameter a control character,
 *   and the query string must be well percent-encoded;
 * - a number in the path or query is finite (checked after the schema has coerced it).
 * Register before the routes: the onRoute hook sees only routes added after it.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!isApiRoute(route.url)) return;
    const schema = { ...(route.schema ?? {}) };
    if (!schema.querystring) schema.querystring = NoQuery;
    route.schema = schema;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!schema.body && methods.some((m) => WITH_BODY.has(m))) {
      const existing = route.preValidation ? (Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation]) : [];
      route.preValidation = [refuseBody, ...existing];
    }
  });
  app.addHook('onRequest', refuseMissingHost);
  app.addHook('preValidation', refuseUnsafeText);
  app.addHook('preHandler', refuseNonFiniteNumbers);
}
