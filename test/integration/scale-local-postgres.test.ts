import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded, type ListedNode } from '../helpers/cluster-waits';
import { pgClient } from '../helpers/logins';
import { teamWithToken } from '../helpers/teams';

let app: TestApp;
let ownerToken: string;

beforeAll(async () => {
  // This file covers the control plane that runs local PostgreSQL without Patroni.
  app = await startTestApp({ config: { localPostgresFailover: 'off' } });
  ownerToken = await teamWithToken(app, 'billing');
});
afterAll(async () => {
  await app?.api('/api/clusters/slp-pg', { method: 'DELETE' }).catch(() => undefined);
  await app?.stop();
});

/** Asks for a change and waits until it succeeded. */
async function applied(path: string, body: object): Promise<void> {
  const res = await app.api(path, { method: 'POST', token: ownerToken, json: { ...body, urgent: true } });
  expect(res.status).toBe(202);
  await untilSucceeded(app, ((await res.json()) as { operation: { id: string } }).operation.id, 240_000);
}

async function query<T>(node: ListedNode, password: string, sql: string): Promise<T[]> {
  const client = await pgClient(node, 'datafleet', password, 'postgres');
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('scale-in and resize on real local PostgreSQL nodes', () => {
  it('leaves no replication slot or standby behind a scale-in, and a resize records the new size’s shared_buffers while the local nodes keep their small one', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      token: ownerToken,
      json: { name: 'slp-pg', owner: 'billing', engine: 'postgres', expectedDataGb: 2, regions: ['local'], environment: 'test' },
    });
    expect(created.status).toBe(202);
    const cluster = await untilActive(app, 'slp-pg', 240_000);
    // Patroni is off on this control plane: the cluster says so.
    const shown = (await (await app.api('/api/clusters/slp-pg')).json()) as { failoverManager: unknown; failoverNote: string | null };
    expect(shown.failoverManager).toBeNull();
    expect(shown.failoverNote).toMatch(/DATAFLEET_LOCAL_POSTGRES_FAILOVER=patroni turns it on/);
    const primaryOf = async () => (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!;
    const standbys = async () =>
      (await query<{ n: number }>(endpoint(await primaryOf()), cluster.password, 'SELECT count(*)::int AS n FROM pg_stat_replication'))[0]!
        .n;
    const slots = async () =>
      query<{ slot_name: string }>(endpoint(await primaryOf()), cluster.password, 'SELECT slot_name FROM pg_replication_slots');

    await applied('/api/clusters/slp-pg/scale', { nodes: 3 });
    await eventually(async () => (await standbys()) === 2, 60_000, 500);
    await applied('/api/clusters/slp-pg/scale', { nodes: 2 });
    // Replicas stream without slots (pg_basebackup -X stream): nothing of the removed node holds WAL back.
    expect(await slots()).toEqual([]);
    await eventually(async () => (await standbys()) === 1, 60_000, 500);

    const record = (await app.ctx.repos.clusters.find('slp-pg'))!;
    const bigger = record.spec.instanceType === 'm5.xlarge' ? 'm5.2xlarge' : 'm5.xlarge';
    await applied('/api/clusters/slp-pg/resize', { instanceType: bigger });
    const sharedBuffers = `${Math.floor(app.ctx.regions.instanceTypes.get(bigger)!.memoryGb * 0.25 * 1024)}MB`;
    for (const node of await app.ctx.repos.nodes.forCluster(cluster.id)) {
      expect(node.instanceType).toBe(bigger);
      const [shown] = await query<{ shared_buffers: string }>(endpoint(node), cluster.password, 'SHOW shared_buffers');
      // Local nodes share one machine: they keep their fixed 32 MB whatever the type.
      expect(shown!.shared_buffers).toBe('32MB');
    }
    expect((await app.ctx.repos.clusters.find('slp-pg'))!.spec.settings.shared_buffers).toBe(sharedBuffers);
    // The replica streams again once it reconnects to its restarted primary.
    await eventually(async () => (await standbys()) === 1, 60_000, 500);
  }, 600_000);
});

/** A node record as an endpoint the client connects to. */
const endpoint = (node: { host: string | null; port: number | null }): ListedNode => ({ role: '', host: node.host!, port: node.port! });
