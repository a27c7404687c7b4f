import type { Credentials, NodeEndpoint } from '../engine';
import { findPrimary, waitUntilFormed } from '../probing';
import { withPostgres } from './connection';

interface StreamingReplica {
  application_name: string | null;
}

/**
 * Which replicas the primary cannot account for. A replica is accounted for by a streaming
 * connection carrying its name (when the provider sets application_name to the node name) or,
 * failing that, by any streaming connection no other replica claims.
 */
export function unaccountedReplicas(replicas: NodeEndpoint[], streaming: StreamingReplica[]): NodeEndpoint[] {
  const replicaNames = new Set(replicas.map((r) => r.name));
  const streamingNames = new Set(streaming.map((s) => s.application_name ?? ''));
  const unnamed = replicas.filter((r) => !streamingNames.has(r.name));
  const anonymousStreams = streaming.filter((s) => !replicaNames.has(s.application_name ?? '')).length;
  return unnamed.slice(anonymousStreams);
}

/**
 * Replicas are cloned by the provider with pg_basebackup and start streaming on their own, so
 * forming only verifies: every replica is in recovery and the primary sees each one streaming.
 */
export async function verifyPostgresReplication(
  nodes: NodeEndpoint[],
  credentials: Credentials,
  timeouts: { probeTimeoutMs: number; formTimeoutMs: number },
): Promise<void> {
  const primary = findPrimary('postgres', nodes);
  const replicas = nodes.filter((n) => n.role === 'replica');
  await waitUntilFormed(`postgres replication from ${primary.name}`, timeouts.formTimeoutMs, async () => {
    const problems: string[] = [];
    try {
      const streaming = await withPostgres(primary, credentials, timeouts.probeTimeoutMs, async (c) => {
        const result = await c.query<StreamingReplica>(`SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'`);
        return result.rows;
      });
      for (const missing of unaccountedReplicas(replicas, streaming)) problems.push(`${missing.name}: not streaming from the primary`);
    } catch (error) {
      problems.push(`${primary.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const replica of replicas) {
      try {
        const inRecovery = await withPostgres(replica, credentials, timeouts.probeTimeoutMs, async (c) => {
          const result = await c.query<{ in_recovery: boolean }>('SELECT pg_is_in_recovery() AS in_recovery');
          return result.rows[0]?.in_recovery === true;
        });
        if (!inRecovery) problems.push(`${replica.name}: is not in recovery (it is not a replica)`);
      } catch (error) {
        problems.push(`${replica.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  });
}
