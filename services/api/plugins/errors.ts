import type { FastifyError, FastifyInstance } from 'fastify';
import { DatafleetError } from '../../platform/errors';
import { codeForStatus, envelope, frameworkMessage } from '../edge/framework-errors';
import { NO_CONTROL_CHARS } from '../schemas/common';
import { PATTERN_WORDS } from '../schemas/fields';

/** Plain words for the patterns people meet most, instead of the regular expression itself. */
function friendlier(path: string, keyword: string, params: unknown): string | undefined {
  if (keyword !== 'pattern') return undefined;
  const pattern = (params as { pattern?: string }).pattern ?? '';
  if (pattern === NO_CONTROL_CHARS) return 'must not contain control characters';
  if (PATTERN_WORDS[pattern]) return PATTERN_WORDS[pattern];
  if (path === '/name') return 'must be DNS-safe: 3 to 40 lowercase letters, digits or dashes, starting with a letter and not ending with a dash';
  if (path === '/email') return 'must be an email address';
  if (path.endsWith('/start')) return 'must be a time of day as HH:MM (24-hour)';
  return undefined;
}

/**
 * The one place errors become HTTP: typed errors keep their status, schema failures are 400s with
 * the failing paths, malformed JSON is a 400, anything else is a logged 500.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DatafleetError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, details: error.details ?? {} } });
    }
    if (error.validation) {
      const details = error.validation.map((v) => ({
        path: `${error.validationContext ?? ''}${v.instancePath}`,
        message: friendlier(v.instancePath, v.keyword, v.params) ?? v.message,
        ...(v.keyword === 'enum' ? { allowed: (v.params as { allowedValues?: unknown[] }).allowedValues } : {}),
        ...(v.keyword === 'additionalProperties' ? { unknownField: (v.params as { additionalProperty?: string }).additionalProperty } : {}),
      }));
      const message = details.map((d) => (d.unknownField ? `unknown field "${d.unknownField}"` : `${d.path || 'request'} ${d.message}`)).join('; ');
      // A rejected alert must not vanish without a trace: whoever sent it may never look at the answer.
      if (request.method === 'POST' && request.url.startsWith('/api/alerts')) request.log.warn({ reason: message, url: request.url }, 'rejected malformed alert payload');
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
