import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded, type ListedNode } from '../helpers/cluster-waits';

async function createAndWait(body: Record<string, unknown>): Promise<{ id: string; nodes: Node[] }> {
  expect((await app.api('/api/clusters', { method: 'POST', json: body })).status).toBe(202);
  return untilActive(app, String(body.name));
}
const succeeded = (operationId: string) => untilSucceeded(app, operationId);
import { pgLogsIn as pgLogsInAs, redisLogsIn as redisLogsInAs } from '../helpers/logins';

const redisLogsIn = (node: Node, password: string) => redisLogsInAs(node, undefined, password);
const pgLogsIn = (node: Node, password: string) => pgLogsInAs(node, 'datafleet', password, 'postgres');

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

type Node = ListedNode;
interface Rotation {
  operationId: string;
  retireOperationId: string | null;
  retiresAt: string | null;
}

async function rotate(name: string, graceSeconds: number): Promise<Rotation> {
  const res = await app.api(`/api/clusters/${name}/credential/rotate`, { method: 'POST', json: { graceSeconds } });
  const body = (await res.json()) as Rotation;
  expect(res.status, JSON.stringify(body)).toBe(202);
  await succeeded(body.operationId);
  return body;
}

describe("rotating the control plane's own credential", () => {
  it('Redis: both passwords work during the grace period on every node, replication follows the new one, then the old one stops', async () => {
    const cluster = await createAndWait({
      name: 'cred-cache',
      engine: 'redis',
      owner: 'platform',
      expectedDataGb: 1,
      regions: ['local'],
      environment: 'prod',
    });
    const before = await app.ctx.repos.clusters.password(cluster.id);
    const rotation = await rotate('cred-cache', 4);
    const after = await app.ctx.repos.clusters.password(cluster.id);
    expect(after).not.toBe(before);
    for (const node of cluster.nodes) {
      expect(await redisLogsIn(node, after)).toBe(true);
      expect(await redisLogsIn(node, before)).toBe(true);
    }
    // The cluster's sentinels follow the rotation: they accept the new password (and log in to the nodes with it).
    const sentinels = (await app.ctx.repos.clusters.find('cred-cache'))!.failoverManager!.endpoints;
    expect(sentinels).toHaveLength(3);
    for (const sentinel of sentinels) expect(await redisLogsInAs(sentinel, undefined, after)).toBe(true);
    await succeeded(rotation.retireOperationId!);
    for (const node of cluster.nodes) {
      expect(await redisLogsIn(node, before)).toBe(false);
      expect(await redisLogsIn(node, after)).toBe(true);
    }
    for (const sentinel of sentinels) {
      expect(await redisLogsInAs(sentinel, undefined, before)).toBe(false);
      expect(await redisLogsInAs(sentinel, undefined, after)).toBe(true);
      const client = new Redis({ host: sentinel.host, port: sentinel.port, password: after });
      const master = (await client.call('SENTINEL', 'MASTER', 'cred-cache')) as string[];
      client.disconnect();
      // Still watching a primary it can log in to: no failover began for want of a password.
      expect(master[master.indexOf('flags') + 1]).toBe('master');
    }
    // The node's configuration keeps the new password, not the requirepass it was created with: a restart changes nothing.
    const stored = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'replica')!;
    await app.ctx.providers.forRegion('local').restartNode(stored.providerId!);
    const restarted = cluster.nodes.find((n) => n.port === stored.port)!;
    await eventually(async () => redisLogsIn(restarted, after), 30_000);
    expect(await redisLogsIn(restarted, before)).toBe(false);
    // Replicas authenticate to their primary with the new password: a replica reconnecting still follows.
    const primary = cluster.nodes.find((n) => n.role === 'primary')!;
    const replica = cluster.nodes.find((n) => n.role === 'replica')!;
    const replicaClient = new Redis({ host: replica.host, port: replica.port, password: after });
    await replicaClient.call('CLIENT', 'KILL', 'TYPE', 'master');
    const writer = new Redis({ host: primary.host, port: primary.port, password: after });
    await writer.set('after-rotation', 'yes');
    await eventually(async () => (await replicaClient.get('after-rotation')) === 'yes', 15_000);
    writer.disconnect();
    replicaClient.disconnect();
    const audit = (await (await app.api('/api/clusters/cred-cache/audit')).json()) as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toContain('cluster.credential.rotate');
    expect((await app.api('/api/clusters/cred-cache', { method: 'DELETE' })).status).toBe(202);
    await eventually(async () => (await app.ctx.repos.clusters.find('cred-cache'))?.status === 'DECOMMISSIONED', 60_000);
  });

  it('PostgreSQL: the new password replaces the old at once and the replica keeps streaming with it', async () => {
    const cluster = await createAndWait({
      name: 'cred-ledger',
      engine: 'postgres',
      owner: 'platform',
      expectedDataGb: 1,
      regions: ['local'],
      environment: 'test',
    });
    const before = await app.ctx.repos.clusters.password(cluster.id);
    const rotation = await rotate('cred-ledger', 4);
    expect(rotation.retireOperationId).toBeNull();
    const after = await app.ctx.repos.clusters.password(cluster.id);
    const primary = cluster.nodes.find((n) => n.role === 'primary')!;
    const replica = cluster.nodes.find((n) => n.role === 'replica')!;
    expect(await pgLogsIn(primary, before)).toBe(false);
    expect(await pgLogsIn(primary, after)).toBe(true);
    const writer = new pg.Client({ host: primary.host, port: primary.port, user: 'datafleet', password: after, database: 'postgres' });
    await writer.connect();
    await writer.query('CREATE TABLE after_rotation (x int)');
    await writer.query('INSERT INTO after_rotation VALUES (1)');
    await eventually(async () => {
      const rows = (await writer.query("SELECT state FROM pg_stat_replication WHERE state = 'streaming'")).rows;
      return rows.length === 1;
    }, 30_000);
    await writer.end();
    const reader = new pg.Client({ host: replica.host, port: replica.port, user: 'datafleet', password: after, database: 'postgres' });
    await reader.connect();
    await eventually(
      async () =>
        (
          (await reader.query('SELECT count(*)::int AS n FROM after_rotation').catch(() => ({ rows: [] }))).rows[0] as
            { n?: number } | undefined
        )?.n === 1,
      15_000,
    );
    expect((await reader.query('SHOW primary_conninfo')).rows[0]?.primary_conninfo).not.toContain(before);
    await reader.end();
    expect((await app.api('/api/clusters/cred-ledger', { method: 'DELETE' })).status).toBe(202);
    await eventually(async () => (await app.ctx.repos.clusters.find('cred-ledger'))?.status === 'DECOMMISSIONED', 60_000);
  });
});
