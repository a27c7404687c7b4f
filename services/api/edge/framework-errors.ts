import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** The one error body every client gets, whatever layer refused the request. */
export const envelope = (code: string, message: string, details: unknown = {}) => ({ error: { code, message, details } });

/** Stable, documented codes for the statuses the HTTP layer itself produces. */
const CODES: Record<number, string> = {
  400: 'invalid_input',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  411: 'length_required',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  431: 'headers_too_large',
};
export const codeForStatus = (status: number) =>
  CODES[status] ?? (STATUS_CODES[status] ?? 'bad_request').toLowerCase().replace(/[^a-z]+/g, '_');

/** Plain words for fastify's own refusals, instead of its internal codes. */
export function frameworkMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is empty but content-type says application/json: send a JSON value or no content-type';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `unsupported content-type ${JSON.stringify(error.message.split(': ').pop() ?? '')}: send application/json`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the request body is too large';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'the content-length header does not match the body';
    case 'FST_ERR_BAD_URL':
      return 'the URL is not valid: a percent-encoded sequence is malformed';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'a path segment of the URL is too long';
    default:
      return error.message;
  }
}

/** Refusals raised by the router before any route runs (bad percent-encoding, too long a segment). */
export function onFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply.status(status).send(envelope(codeForStatus(status), frameworkMessage(error)));
}

/**
 * Malformed HTTP (bad request line, headers too large, a timeout) never reaches fastify's routing:
 * answer on the raw socket, still in the envelope, then close it as Node itself would.
 */
export function onClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : error.code === 'HPE_URI_TOO_LONG'
          ? 414
          : 400;
  const message =
    status === 431
      ? 'the request headers (or the URL) are too large'
      : status === 408
        ? 'the request took too long to arrive'
        : status === 414
          ? 'the URL is too long'
          : `malformed HTTP request (${error.code ?? 'parse error'})`;
  const body = JSON.stringify(envelope(codeForStatus(status), message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** A CONNECT (proxy tunnel) request: no route takes it, and Node would close the socket without a word. */
export function onConnectRequest(_request: unknown, socket: Socket): void {
  const body = JSON.stringify(envelope('method_not_allowed', 'CONNECT is not allowed: this is not a proxy'));
  socket.end(
    `HTTP/1.1 405 Method Not Allowed\r\nAllow: DELETE, GET, HEAD, PATCH, POST\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
  );
}
