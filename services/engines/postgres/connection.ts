import pg from 'pg';
import type { Credentials, NodeEndpoint } from '../engine';
import { withDeadline } from '../probing';

/** The control plane's own connections land in the maintenance database every server has. */
const controlDatabase = 'postgres';

/** One short-lived connection whose every query is bounded; the caller ends it in a finally. */
export async function openPostgres(
  node: NodeEndpoint,
  credentials: Credentials,
  timeoutMs: number,
  database: string = controlDatabase,
): Promise<pg.Client> {
  const client = new pg.Client({
    host: node.host,
    port: node.port,
    user: credentials.username,
    password: credentials.password,
    database,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: 'datafleet-control-plane',
  });
  // A connection dropped by the server must not crash the process; the awaited query reports it.
  client.on('error', () => undefined);
  try {
    await withDeadline(client.connect(), timeoutMs, `postgres connect to ${node.host}:${node.port}`);
    return client;
  } catch (error) {
    closeQuietly(client);
    throw error;
  }
}

/** Not awaited: ending a half-open connection can hang, and the probe's answer is already known. */
export function closeQuietly(client: pg.Client): void {
  client.end().catch(() => undefined);
}

export async function withPostgres<T>(
  node: NodeEndpoint,
  credentials: Credentials,
  timeoutMs: number,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await openPostgres(node, credentials, timeoutMs);
  try {
    return await use(client);
  } finally {
    closeQuietly(client);
  }
}

/** server_version_num 150020 → "15.20", the form the catalog uses (server_version adds distro text). */
export function versionFromNumber(serverVersionNum: number): string {
  return `${Math.floor(serverVersionNum / 10_000)}.${serverVersionNum % 10_000}`;
}
