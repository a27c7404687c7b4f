import type { FastifyError, FastifyInstance } from 'fastify';
import {
  ConflictError,
  DatafleetError,
  ForbiddenError,
  InputError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  UnprocessableError,
} from '../../core/errors';
import { RETRY_AFTER_SECONDS, unreachableDependency } from '../../core/dependency-errors';
import { codeForStatus, envelope, frameworkMessage } from '../edge/framework-errors';
import { ENGINE_NAME_FORMAT, NO_CONTROL_CHARS } from '../schemas/common';
import { PATTERN_WORDS } from '../schemas/fields';

/** Plain words for the patterns people meet most, instead of the regular expression itself. */
const isEngineFormat = (keyword: string, params: unknown): boolean =>
  keyword === 'format' && (params as { format?: string }).format === ENGINE_NAME_FORMAT;

function friendlier(path: string, keyword: string, params: unknown): string | undefined {
  if (keyword !== 'pattern') return undefined;
  const pattern = (params as { pattern?: string }).pattern ?? '';
  if (pattern === NO_CONTROL_CHARS) return 'must not contain control characters';
  if (PATTERN_WORDS[pattern]) return PATTERN_WORDS[pattern];
  if (path === '/name')
    return 'must be DNS-safe: 3 to 40 lowercase letters, digits or dashes, starting with a letter and not ending with a dash';
  if (path === '/email') return 'must be an email address';
  if (path.endsWith('/start')) return 'must be a time of day as HH:MM (24-hour)';
  return undefined;
}

const names = { postgres: 'PostgreSQL', redis: 'Redis', unknown: 'A dependency' } as const;

/** A dropped or refused connection to PostgreSQL or Redis is a 503 the client may retry, not a bug. */
function asUnavailable(error: unknown): UnavailableError | undefined {
  const dependency = unreachableDependency(error);
  if (!dependency) return undefined;
  return new UnavailableError(`${names[dependency]} is unreachable right now; retry in a few seconds`, { dependency });
}

/** The HTTP status of each domain error class: the one place a domain error meets HTTP. */
const statusOf = (error: DatafleetError): number => {
  if (error instanceof InputError) return 400;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof UnprocessableError) return 422;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof UnavailableError) return 503;
  return 500; // a DatafleetError subclass this table does not know yet is a bug, and says so
};

/**
 * The one place errors become HTTP: typed errors get their class's status, schema failures are 400s with
 * the failing paths, malformed JSON is a 400, an unreachable dependency is a 503 with Retry-After,
 * anything else is a logged 500.
 */
export function registerErrorHandler(app: FastifyInstance, engineNames: readonly string[]): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const unavailable = error instanceof DatafleetError ? undefined : asUnavailable(error);
    if (unavailable) request.log.warn({ err: error, url: request.url }, 'dependency unreachable');
    const typed = unavailable ?? error;
    if (typed instanceof DatafleetError) {
      if (typed instanceof UnavailableError) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return reply.status(statusOf(typed)).send({ error: { code: typed.code, message: typed.message, details: typed.details ?? {} } });
    }
    if (error.validation) {
      const details = error.validation.map((v) => ({
        path: `${error.validationContext ?? ''}${v.instancePath}`,
        ...(isEngineFormat(v.keyword, v.params)
          ? { message: `must be one of the engines: ${engineNames.join(', ')}`, allowed: [...engineNames] }
          : { message: friendlier(v.instancePath, v.keyword, v.params) ?? v.message }),
        ...(v.keyword === 'enum'
          ? {
              message: `must be one of ${((v.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`,
              allowed: (v.params as { allowedValues?: unknown[] }).allowedValues,
            }
          : {}),
        ...(v.keyword === 'additionalProperties' ? { unknownField: (v.params as { additionalProperty?: string }).additionalProperty } : {}),
      }));
      const message = details
        .map((d) => (d.unknownField ? `unknown field "${d.unknownField}"` : `${d.path || 'request'} ${d.message}`))
        .join('; ');
      // A rejected alert must not vanish without a trace: whoever sent it may never look at the answer.
      if (request.method === 'POST' && request.url.startsWith('/api/alerts'))
        request.log.warn({ reason: message, url: request.url }, 'rejected malformed alert payload');
      return reply.status(400).send({ error: { code: 'invalid_input', message, details } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send(envelope(codeForStatus(status), frameworkMessage(error), { reason: error.code ?? null }));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'internal error; it has been logged', details: {} } });
  });
}
