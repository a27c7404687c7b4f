import { Client, Server } from 'memjs';
import type { NodeEndpoint } from '../engine';
import { withDeadline } from '../probing';

/** memjs logs every failed request to the console by default; a failure is reported to the caller instead. */
const silent = { log: () => undefined };

/**
 * A memjs client for one node: one attempt per request, no failover to another server, every wait
 * bounded by `timeoutMs`. No credentials: memcached runs without SASL here, so none are passed. memjs
 * starts a SASL exchange for any username it is given or finds in MEMCACHIER_USERNAME /
 * MEMCACHE_USERNAME, so those variables must stay unset for the control plane's processes.
 */
export function memcachedClient(nodes: ReadonlyArray<Pick<NodeEndpoint, 'host' | 'port'>>, timeoutMs: number): Client {
  const seconds = timeoutMs / 1000;
  const servers = nodes.map((n) => new Server(n.host, n.port, undefined, undefined, { timeout: seconds, conntimeout: seconds }));
  // retries counts attempts: 1 is one try, so a dead node fails at once instead of being retried.
  return new Client(servers, { retries: 1, failover: false, logger: silent });
}

/**
 * The `stats` of every server the client knows, as memcached names them (all values are text), in
 * the order they answered; rejects with the first server's failure.
 */
export function readStats(client: Client): Promise<Array<Record<string, string>>> {
  const expected = client.servers.length;
  const answers: Array<Record<string, string>> = [];
  return new Promise((resolve, reject) => {
    if (expected === 0) return reject(new Error('a memcached client with no servers has no stats'));
    client.stats((error, server, stats) => {
      if (error || !stats) return reject(error ?? new Error(`memcached ${server} returned no stats`));
      answers.push(stats);
      if (answers.length === expected) resolve(answers);
    });
  });
}

/** Runs use on a fresh client of one node, always closing it. */
export async function withMemcached<T>(node: NodeEndpoint, timeoutMs: number, use: (client: Client) => Promise<T>): Promise<T> {
  const client = memcachedClient([node], timeoutMs);
  try {
    return await withDeadline(use(client), timeoutMs, `memcached ${node.host}:${node.port}`);
  } finally {
    client.close();
  }
}
