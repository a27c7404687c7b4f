/**
 * Tells errors that mean "a dependency is unreachable right now" (PostgreSQL restarting, Redis
 * down, a connection dropped) from every other failure, so the API can answer them 503 with
 * Retry-After instead of a 500. Drivers report these as plain errors, hence the codes and the
 * message texts of pg, pg-pool and ioredis.
 */
export type Dependency = 'postgres' | 'redis' | 'unknown';

/** SQLSTATE classes and codes of a server that is going away, starting up or refusing connections. */
const postgresCodes = /^(08...|57P0[1-3]|53300)$/;
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
const postgresMessages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /is not queryable/i,
  /Cannot use a pool after calling end/i,
  // node-postgres' query_timeout: the server took the query and never answered.
  /Query read timeout/i,
];
const redisMessages = [
  /Stream isn't writeable/i,
  /Connection is closed/i,
  /Command timed out/i,
  /max retries per request/i,
  /Redis was not reachable/i,
  /LOADING Redis is loading/i,
];

const origin = Symbol('datafleet.dependency');

/**
 * Records which dependency a raw error came from (a refused or reset socket does not say), so that
 * unreachableDependency can name it. Returns the same error.
 */
export function noteOrigin<E>(error: E, dependency: Exclude<Dependency, 'unknown'>): E {
  if (typeof error === 'object' && error !== null && Object.isExtensible(error)) {
    Object.defineProperty(error, origin, { value: dependency, enumerable: false, configurable: true });
  }
  return error;
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  errors?: unknown;
}

export function unreachableDependency(error: unknown, depth = 0): Dependency | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const { code, message, name, errors } = error as ErrorLike;
  const text = typeof message === 'string' ? message : '';
  if (name === 'MaxRetriesPerRequestError' || redisMessages.some((m) => m.test(text))) return 'redis';
  if (typeof code === 'string' && postgresCodes.test(code)) return 'postgres';
  if (postgresMessages.some((m) => m.test(text))) return 'postgres';
  if (typeof code === 'string' && socketCodes.has(code)) return (error as { [origin]?: Dependency })[origin] ?? 'unknown';
  // A connection refused on every address of a host arrives as an AggregateError.
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const found = unreachableDependency(inner, depth + 1);
      if (found) return found;
    }
  }
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? undefined : unreachableDependency(cause, depth + 1);
}

/** Seconds a client is told to wait before retrying while a dependency is unreachable. */
export const RETRY_AFTER_SECONDS = 5;
