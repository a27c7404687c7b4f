import { Redis } from 'ioredis';
import type { Credentials, NodeEndpoint } from '../engine';
import { withDeadline } from '../probing';

/** INFO's "key:value" lines, section headers and blanks skipped. */
export function parseRedisInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

export interface RedisSession {
  client: Redis;
  /** The most telling reason for a failure: the connection's own error (WRONGPASS, ECONNREFUSED) if any. */
  explain(error: unknown): unknown;
  close(): void;
}

/**
 * A single, short-lived connection. No reconnects and no offline queue: a control plane that probes
 * thousands of nodes must not pile up retry storms against the ones that are down.
 */
export async function openRedis(node: NodeEndpoint, credentials: Credentials, timeoutMs: number): Promise<RedisSession> {
  const client = new Redis({
    host: node.host,
    port: node.port,
    username: credentials.username,
    password: credentials.password,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    // ioredis announces itself with CLIENT SETINFO, which servers before 7.2 refuse: two error
    // replies per connection, counted by the node as errors of its own (a probe every interval).
    disableClientInfo: true,
    connectionName: 'datafleet-control-plane',
  });
  // Failed commands only say "Connection is closed." or "Stream isn't writeable"; the cause (refused
  // connection, wrong password) arrives as an 'error' event, so keep the first one.
  let connectionError: unknown;
  client.on('error', (error: unknown) => {
    connectionError ??= error;
  });
  const session: RedisSession = {
    client,
    explain: (error) => connectionError ?? error,
    close: () => client.disconnect(),
  };
  try {
    await withDeadline(client.connect(), timeoutMs, `redis connect to ${node.host}:${node.port}`);
    return session;
  } catch (error) {
    session.close();
    throw session.explain(error);
  }
}

/** Runs use on a fresh connection, always closing it, and reports the connection's real failure. */
export async function withRedis<T>(
  node: NodeEndpoint,
  credentials: Credentials,
  timeoutMs: number,
  use: (client: Redis) => Promise<T>,
): Promise<T> {
  const session = await openRedis(node, credentials, timeoutMs);
  try {
    return await withDeadline(use(session.client), timeoutMs, `redis ${node.host}:${node.port}`);
  } catch (error) {
    throw session.explain(error);
  } finally {
    session.close();
  }
}

export async function readInfo(client: Redis, section?: string): Promise<Map<string, string>> {
  const text = section === undefined ? await client.info() : await client.info(section);
  return parseRedisInfo(text);
}
