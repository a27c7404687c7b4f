import { lookup } from 'node:dns/promises';
import cassandra from 'cassandra-driver';
import type { Credentials, NodeEndpoint, ProbeResult } from '../engine';
import { downResult, elapsedSince, withDeadline } from '../probing';

export interface CassandraProbeOptions {
  timeoutMs: number;
  /** The data center the node reports; the driver refuses to route to any other. */
  localDataCenter: string;
}

/**
 * A client that talks to this one node only. The driver would otherwise discover the whole ring and
 * answer from any member, which says nothing about the node we asked about. The allow list holds
 * the resolved address because the driver names hosts by IP.
 */
function singleNodeClient(address: string, node: NodeEndpoint, credentials: Credentials, options: CassandraProbeOptions) {
  const endpoint = `${address}:${node.port}`;
  const { loadBalancing, reconnection } = cassandra.policies;
  return new cassandra.Client({
    contactPoints: [endpoint],
    localDataCenter: options.localDataCenter,
    authProvider: new cassandra.auth.PlainTextAuthProvider(credentials.username, credentials.password),
    policies: {
      loadBalancing: new loadBalancing.AllowListPolicy(new loadBalancing.DCAwareRoundRobinPolicy(options.localDataCenter), [endpoint]),
      // One attempt per probe: the next sweep is the retry.
      reconnection: new reconnection.ConstantReconnectionPolicy(60 * 60 * 1000),
    },
    socketOptions: { connectTimeout: options.timeoutMs, readTimeout: options.timeoutMs },
    pooling: { coreConnectionsPerHost: { 0: 1, 1: 0, 2: 0 }, warmup: false },
    isMetadataSyncEnabled: false,
  });
}

async function readNode(client: cassandra.Client): Promise<ProbeResult> {
  await client.connect();
  const pingStarted = performance.now();
  const local = (await client.execute('SELECT release_version, data_center, rack, cluster_name FROM system.local')).first();
  const latencyMs = elapsedSince(pingStarted);
  const peers = await client.execute('SELECT peer FROM system.peers');
  const details: ProbeResult['details'] = { peers_count: peers.rowLength };
  for (const column of ['data_center', 'rack', 'cluster_name'] as const) {
    const value: unknown = local?.get(column);
    if (typeof value === 'string') details[column] = value;
  }
  const version: unknown = local?.get('release_version');
  return { up: true, latencyMs, role: 'member', details, ...(typeof version === 'string' ? { version } : {}) };
}

export async function probeCassandra(node: NodeEndpoint, credentials: Credentials, options: CassandraProbeOptions): Promise<ProbeResult> {
  const startedAt = performance.now();
  let client: cassandra.Client | undefined;
  try {
    // IPv4: the driver names hosts "address:port", which an IPv6 address would make ambiguous.
    const { address } = await withDeadline(lookup(node.host, { family: 4 }), options.timeoutMs, `resolving ${node.host}`);
    client = singleNodeClient(address, node, credentials, options);
    return await withDeadline(readNode(client), options.timeoutMs, `cassandra probe of ${node.host}:${node.port}`);
  } catch (error) {
    return downResult(startedAt, error, credentials.password);
  } finally {
    // shutdown waits for in-flight requests; not awaited so a hung node cannot stall the caller.
    client?.shutdown().catch(() => undefined);
  }
}
