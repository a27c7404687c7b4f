import type { Client } from 'memjs';
import type { Credentials, NodeEndpoint, ProbeResult } from '../engine';
import { downResult, elapsedSince, numberOrText } from '../probing';
import { readStats, withMemcached } from './connection';

/** `stats` fields worth keeping: items and memory against the limit, connections, hit rate, evictions. */
const reportedFields = [
  'version',
  'uptime',
  'curr_items',
  'total_items',
  'bytes',
  'limit_maxbytes',
  'curr_connections',
  'rejected_connections',
  'get_hits',
  'get_misses',
  'cmd_get',
  'cmd_set',
  'evictions',
  'threads',
] as const;

const num = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isFinite(n) ? n : undefined;
};

/**
 * The same facts under the names the health stream reads for every engine (Redis's INFO names):
 * memory used against the limit, connections, and the cumulative counters behind reads/s and
 * writes/s and errors.
 */
function commonFacts(stats: Record<string, string>): ProbeResult['details'] {
  const facts: ProbeResult['details'] = {};
  const pairs: Array<[string, number | undefined]> = [
    ['used_memory', num(stats.bytes)],
    ['maxmemory', num(stats.limit_maxbytes)],
    ['connections', num(stats.curr_connections)],
    ['reads_total', num(stats.cmd_get)],
    ['writes_total', num(stats.cmd_set)],
    ['errors_total', num(stats.rejected_connections)],
  ];
  for (const [name, value] of pairs) if (value !== undefined) facts[name] = value;
  return facts;
}

async function readNode(client: Client): Promise<ProbeResult> {
  // The first request opens the connection; the second, timed, is the node's answer time alone.
  await readStats(client);
  const startedAt = performance.now();
  const [stats = {}] = await readStats(client);
  const latencyMs = elapsedSince(startedAt);
  const details: ProbeResult['details'] = {};
  for (const field of reportedFields) {
    const value = stats[field];
    if (value !== undefined) details[field] = numberOrText(value);
  }
  Object.assign(details, commonFacts(stats));
  const version = stats.version;
  // Every node is an independent member: memcached nodes neither replicate nor know one another.
  return { up: true, latencyMs, role: 'member', details, peers: [], ...(version ? { version } : {}) };
}

/**
 * The `stats` command through memjs. memcached runs without authentication here (no SASL), so the
 * credentials are accepted, as the port requires, and not used; the password still never appears
 * in an error. Never throws: an unreachable node is { up: false, error }.
 */
export async function probeMemcached(node: NodeEndpoint, credentials: Credentials, timeoutMs: number): Promise<ProbeResult> {
  const startedAt = performance.now();
  try {
    return await withMemcached(node, timeoutMs, readNode);
  } catch (error) {
    return downResult(startedAt, error, credentials.password);
  }
}
