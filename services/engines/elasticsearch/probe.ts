import { Client } from '@elastic/elasticsearch';
import type { Credentials, NodeEndpoint, ProbeResult } from '../engine';
import { downResult, elapsedSince, withDeadline } from '../probing';

function clientFor(node: NodeEndpoint, credentials: Credentials, timeoutMs: number): Client {
  return new Client({
    node: `http://${node.host}:${node.port}`,
    auth: { username: credentials.username, password: credentials.password },
    requestTimeout: timeoutMs,
    maxRetries: 0,
    sniffOnStart: false,
    // The 9.x client asks for "compatible-with=9" media types, which 7.x and 8.x servers reject;
    // plain JSON is understood by every version in the catalog.
    headers: { accept: 'application/json', 'content-type': 'application/json' },
  });
}

async function readNode(client: Client): Promise<ProbeResult> {
  const pingStarted = performance.now();
  const reachable = await client.ping();
  const latencyMs = elapsedSince(pingStarted);
  if (!reachable) throw new Error('ping was refused');
  const [info, health] = await Promise.all([client.info(), client.cluster.health()]);
  return {
    up: true,
    latencyMs,
    role: 'member',
    version: info.version.number,
    details: {
      cluster_name: health.cluster_name,
      status: health.status,
      number_of_nodes: health.number_of_nodes,
      number_of_data_nodes: health.number_of_data_nodes,
      active_shards: health.active_shards,
      relocating_shards: health.relocating_shards,
      initializing_shards: health.initializing_shards,
      unassigned_shards: health.unassigned_shards,
      active_shards_percent: Number(health.active_shards_percent_as_number),
    },
  };
}

export async function probeElasticsearch(node: NodeEndpoint, credentials: Credentials, timeoutMs: number): Promise<ProbeResult> {
  const startedAt = performance.now();
  const client = clientFor(node, credentials, timeoutMs);
  try {
    return await withDeadline(readNode(client), timeoutMs, `elasticsearch probe of ${node.host}:${node.port}`);
  } catch (error) {
    return downResult(startedAt, error, credentials.password);
  } finally {
    client.close().catch(() => undefined);
  }
}
