/**
 * Typed errors. Anything thrown from a domain service or route is one of these; the API's error
 * handler maps each to an HTTP status and the `{ error: { code, message, details } }` body.
 * Anything else is a bug and becomes a 500.
 */
export class DatafleetError extends Error {
  constructor(
    readonly status: number,
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
    super(400, 'invalid_input', message, details);
  }
}

export class UnauthenticatedError extends DatafleetError {
  constructor(message = 'A bearer token is required: send "Authorization: Bearer <token>".') {
    super(401, 'unauthenticated', message);
  }
}

export class ForbiddenError extends DatafleetError {
  constructor(message: string, details?: unknown) {
    super(403, 'forbidden', message, details);
  }
}

export class NotFoundError extends DatafleetError {
  constructor(what: string, id: string) {
    super(404, 'not_found', `${what} ${id} does not exist`, { [what]: id });
  }
}

export class ConflictError extends DatafleetError {
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, details);
  }
}

export class UnprocessableError extends DatafleetError {
  constructor(message: string, details?: unknown) {
    super(422, 'unprocessable', message, details);
  }
}

/** Too many requests from one token (or one address without a token); `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends DatafleetError {
  constructor(readonly retryAfterSeconds: number, limit: number) {
    super(429, 'rate_limited', `too many requests: at most ${limit} a minute per token; retry in ${retryAfterSeconds} s`, { limitPerMinute: limit, retryAfterSeconds });
  }
}

/** A dependency (PostgreSQL, Redis, a provider) is unreachable; retrying later may succeed. */
export class UnavailableError extends DatafleetError {
  constructor(message: string, details?: unknown) {
    super(503, 'unavailable', message, details);
  }
}
