import pg from 'pg';
import { Redis } from 'ioredis';

/** Where a node listens, as the API lists it. */
export interface Endpoint {
  host: string;
  port: number;
}

/** Whether a fresh Redis connection logs in with this user (the default user when none) and password. */
export async function redisLogsIn(node: Endpoint, username: string | undefined, password: string): Promise<boolean> {
  const client = new Redis({
    host: node.host,
    port: node.port,
    ...(username ? { username } : {}),
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A PostgreSQL client logged in as this user to this database (the caller ends it). */
export async function pgClient(node: Endpoint, user: string, password: string, database: string): Promise<pg.Client> {
  const client = new pg.Client({ host: node.host, port: node.port, user, password, database });
  await client.connect();
  return client;
}

/** Whether a fresh PostgreSQL connection logs in as this user. */
export async function pgLogsIn(node: Endpoint, user: string, password: string, database: string): Promise<boolean> {
  try {
    await (await pgClient(node, user, password, database)).end();
    return true;
  } catch {
    return false;
  }
}
