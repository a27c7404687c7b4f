/**
 * Typed errors. Anything thrown from a domain service or route is one of these; each says what went
 * wrong (`code`, message, details) and nothing about transport: the API's error handler maps each
 * class to an HTTP status once (services/api/plugins/errors.ts). Anything else is a bug.
 */
export abstract class DatafleetError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InputError extends DatafleetError {
  constructor(message: string, details?: unknown) {
    super('invalid_input', message, details);
  }
}

export class UnauthenticatedError extends DatafleetError {
  constructor(message = 'A bearer token is required: send "Authorization: Bearer <token>".') {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends DatafleetError {
  constructor(message: string, details?: unknown) {
    super('forbidden', message, details);
  }
}

/** `what` named by `id` does not exist; a caller with more to say passes its own message and details. */
export class NotFoundError extends DatafleetError {
  constructor(what: string, id: string, message = `${what} ${id} does not exist`, details: unknown = { [what]: id }) {
    super('not_found', message, details);
  }
}

export class ConflictError extends DatafleetError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

export class UnprocessableError extends DatafleetError {
  constructor(message: string, details?: unknown) {
    super('unprocessable', message, details);
  }
}

/** Too many requests from one token (or one address without a token); `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends DatafleetError {
  constructor(
    readonly retryAfterSeconds: number,
    limit: number,
  ) {
    super('rate_limited', `too many requests: at most ${limit} a minute per token; retry in ${retryAfterSeconds} s`, {
      limitPerMinute: limit,
      retryAfterSeconds,
    });
  }
}

/** A dependency (PostgreSQL, Redis, a provider) is unreachable; retrying later may succeed. */
export class UnavailableError extends DatafleetError {
  constructor(message: string, details?: unknown) {
    super('unavailable', message, details);
  }
}
