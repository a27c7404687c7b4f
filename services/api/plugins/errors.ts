import type { FastifyError, FastifyInstance } from 'fastify';
import { DatafleetError } from '../../platform/errors';

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
        message: v.message,
        ...(v.keyword === 'additionalProperties' ? { unknownField: (v.params as { additionalProperty?: string }).additionalProperty } : {}),
      }));
      const message = details.map((d) => (d.unknownField ? `unknown field "${d.unknownField}"` : `${d.path || 'request'} ${d.message}`)).join('; ');
      return reply.status(400).send({ error: { code: 'invalid_input', message, details } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: error.code?.toLowerCase() ?? 'bad_request', message: error.message, details: {} } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'internal error; it has been logged', details: {} } });
  });
}
