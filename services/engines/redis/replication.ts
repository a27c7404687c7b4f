import type { Redis } from 'ioredis';
import type { Credentials, NodeEndpoint } from '../engine';
import { findPrimary, waitUntilFormed } from '../probing';
import { readInfo, withRedis } from './connection';

/** Points a replica at the primary unless it already follows it, so a retried step changes nothing. */
export async function ensureFollows(client: Redis, primary: NodeEndpoint, password: string): Promise<void> {
  const [, currentMasterAuth] = (await client.config('GET', 'masterauth')) as [string?, string?];
  if (currentMasterAuth !== password) await client.config('SET', 'masterauth', password);
  const info = await readInfo(client, 'replication');
  const follows =
    info.get('role') === 'slave' && info.get('master_host') === primary.host && Number(info.get('master_port')) === primary.port;
  if (!follows) await client.call('REPLICAOF', primary.host, String(primary.port));
}

/**
 * Makes every replica follow the primary, then waits until each reports its link up. The primary is
 * never touched: promoting or demoting a node is a failover decision, not part of forming.
 */
export async function formRedisCluster(
  nodes: NodeEndpoint[],
  credentials: Credentials,
  timeouts: { probeTimeoutMs: number; formTimeoutMs: number },
): Promise<void> {
  const primary = findPrimary('redis', nodes);
  const replicas = nodes.filter((n) => n.role === 'replica');
  const primaryRole = await withRedis(primary, credentials, timeouts.probeTimeoutMs, async (c) =>
    (await readInfo(c, 'replication')).get('role'),
  );
  if (primaryRole !== 'master') {
    throw new Error(`redis node ${primary.name} is meant to be the primary but reports role ${primaryRole ?? 'unknown'}`);
  }
  for (const replica of replicas) {
    await withRedis(replica, credentials, timeouts.probeTimeoutMs, (c) => ensureFollows(c, primary, credentials.password));
  }
  await waitUntilFormed(`redis replication to ${primary.name}`, timeouts.formTimeoutMs, async () => {
    const problems: string[] = [];
    for (const replica of replicas) {
      try {
        const status = await withRedis(replica, credentials, timeouts.probeTimeoutMs, async (c) =>
          (await readInfo(c, 'replication')).get('master_link_status'),
        );
        if (status !== 'up') problems.push(`${replica.name}: master_link_status ${status ?? 'missing'}`);
      } catch (error) {
        problems.push(`${replica.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  });
}
