import type { Redis } from 'ioredis';
import type { Credentials, NodeEndpoint, ProbeResult } from '../engine';
import { downResult, elapsedSince, numberOrText } from '../probing';
import { readInfo, withRedis } from './connection';

/** INFO fields worth keeping: replication health, memory against maxmemory, load. */
const reportedFields = [
  'role',
  'connected_slaves',
  'master_link_status',
  'master_host',
  'master_port',
  'master_repl_offset',
  'slave_repl_offset',
  'used_memory',
  'maxmemory',
  'mem_fragmentation_ratio',
  'connected_clients',
  'blocked_clients',
  'instantaneous_ops_per_sec',
  'rejected_connections',
  'evicted_keys',
] as const;

const roleNames: Record<string, string> = { master: 'primary', slave: 'replica' };

async function readNode(client: Redis): Promise<ProbeResult> {
  const pingStarted = performance.now();
  await client.ping();
  const latencyMs = elapsedSince(pingStarted);
  const info = await readInfo(client);
  const details: ProbeResult['details'] = {};
  for (const field of reportedFields) {
    const value = info.get(field);
    if (value !== undefined) details[field] = numberOrText(value);
  }
  const rawRole = info.get('role') ?? 'unknown';
  const version = info.get('redis_version');
  return { up: true, latencyMs, role: roleNames[rawRole] ?? rawRole, details, ...(version ? { version } : {}) };
}

export async function probeRedis(node: NodeEndpoint, credentials: Credentials, timeoutMs: number): Promise<ProbeResult> {
  const startedAt = performance.now();
  try {
    return await withRedis(node, credentials, timeoutMs, readNode);
  } catch (error) {
    return downResult(startedAt, error, credentials.password);
  }
}
