import type { Redis } from 'ioredis';
import type { Credentials, NodeEndpoint, ProbeResult } from '../engine';
import { downResult, elapsedSince, numberOrText } from '../probing';
import { readInfo, withRedis } from './connection';
import { redisHealthFacts, redisUsageCounters } from './info-facts';

/** INFO fields worth keeping: replication health, memory against maxmemory, load, errors. */
const reportedFields = [
  'role',
  'connected_slaves',
  'master_link_status',
  'master_host',
  'master_port',
  'master_last_io_seconds_ago',
  'master_link_down_since_seconds',
  'master_repl_offset',
  'slave_repl_offset',
  'used_memory',
  'maxmemory',
  'mem_fragmentation_ratio',
  'connected_clients',
  'blocked_clients',
  'instantaneous_ops_per_sec',
  'rejected_connections',
  'total_error_replies',
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
  Object.assign(details, redisUsageCounters(info));
  const facts = redisHealthFacts(info);
  details.errors_total = facts.errorsTotal;
  if (facts.replicationLagSeconds !== null) details.replication_lag_seconds = facts.replicationLagSeconds;
  if (facts.maxReplicaLagBytes !== null) details.max_replica_lag_bytes = facts.maxReplicaLagBytes;
  const rawRole = info.get('role') ?? 'unknown';
  const version = info.get('redis_version');
  return { up: true, latencyMs, role: roleNames[rawRole] ?? rawRole, details, peers: facts.peers, ...(version ? { version } : {}) };
}

/** An error the server answered with (WRONGPASS, NOPERM…): the server counted it in total_error_replies. */
const isServerReply = (error: unknown): boolean => error instanceof Error && error.name === 'ReplyError';

export async function probeRedis(node: NodeEndpoint, credentials: Credentials, timeoutMs: number): Promise<ProbeResult> {
  const startedAt = performance.now();
  try {
    return await withRedis(node, credentials, timeoutMs, readNode);
  } catch (error) {
    // A probe stops at its first refused command: one error reply of its own.
    return { ...downResult(startedAt, error, credentials.password), ...(isServerReply(error) ? { ownErrors: 1 } : {}) };
  }
}
