import pg from 'pg';
import { noteOrigin, unreachableDependency } from '../../core/dependency-errors';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

// Return BIGINT (count(*), sums) as JS numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// NUMERIC as number: money and capacity figures are small.
pg.types.setTypeParser(1700, (v) => Number(v));

/** How long a query waits for a connection (a new one, or a free one of the pool) before it fails. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** How long a query waits for PostgreSQL's answer before it fails (a server that hangs or is partitioned away). */
export const DEFAULT_QUERY_TIMEOUT_MS = 15_000;

/** For the rare query that may rightly wait long (a migration, waiting for the migration lock): no read timeout to speak of. */
export const NO_QUERY_TIMEOUT = { query_timeout: 2_147_483_647 } as const;

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/** A pg Pool whose connection failures say they came from PostgreSQL (a refused socket does not). */
class DatafleetPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (!callback) return super.connect().catch((error: unknown) => Promise.reject(noteOrigin(error, 'postgres')));
    super.connect((error, client, done) => callback(error && noteOrigin(error, 'postgres'), client, done));
  }
}

export interface PoolOptions {
  max?: number;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  /** Told about connection losses that no caller is waiting on (an idle or a checked-out client). */
  onConnectionError?: (error: Error) => void;
}

/**
 * A pool that survives PostgreSQL going away. pg-pool listens for errors on idle clients only; a
 * client checked out (a transaction, a held advisory lock) that loses its server emits 'error'
 * with nobody listening, which kills the process. Every client therefore gets a listener of its
 * own; the caller still sees the failure through the query it awaits, and the pool drops the
 * broken client when it is released. New connections are made on demand, so the pool resumes by
 * itself once PostgreSQL is back.
 */
export function createPool(connectionString: string, maxOrOptions: number | PoolOptions = {}): Pool {
  const options = typeof maxOrOptions === 'number' ? { max: maxOrOptions } : maxOrOptions;
  const report = options.onConnectionError ?? (() => undefined);
  const pool = new DatafleetPool({
    connectionString,
    max: options.max ?? 10,
    application_name: 'datafleet',
    // Fail fast (and be answered 503) rather than hang while PostgreSQL is unreachable.
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // A server that accepts the connection but never answers (hung, partitioned, SIGSTOPped) must
    // not hold a request forever; pool.query drops a connection whose query timed out.
    query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
  });
  // The failing query rejects with the same error object, so noting its origin here names it for the caller too.
  pool.on('connect', (client) => client.on('error', (error: Error) => report(noteOrigin(error, 'postgres'))));
  // pg-pool also re-emits an idle client's error on the pool; the client's own listener has reported it.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs fn in a transaction, rolling back on any error. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection that lost or never got its answer is dropped, not handed to the next caller (a
  // timed-out query may still be running on it); the server rolls its transaction back itself.
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (unreachableDependency(error) === 'postgres') broken = error as Error;
    else await client.query('ROLLBACK').catch((rollbackError: Error) => void (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
