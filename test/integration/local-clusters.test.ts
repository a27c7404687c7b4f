import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

function processesUnder(path: string): number {
  try {
    return execFileSync('pgrep', ['-f', path]).toString().trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

async function createAndWait(body: Record<string, unknown>) {
  const res = await app.api('/api/clusters', { method: 'POST', json: body });
  expect(res.status).toBe(202);
  await eventually(
    async () => {
      const status = (await app.ctx.repos.clusters.find(String(body.name)))?.status;
      if (status === 'FAILED') throw new Error(`provision failed: ${(await app.ctx.repos.clusters.find(String(body.name)))?.statusReason}`);
      return status === 'ACTIVE';
    },
    120_000,
    250,
  );
  const detail = (await (await app.api(`/api/clusters/${String(body.name)}`)).json()) as {
    id: string;
    simulated: boolean;
    connection: string;
    nodes: Array<{ role: string; host: string; port: number; state: string; softwareVersion: string }>;
  };
  return { ...detail, password: await app.ctx.repos.clusters.password(detail.id) };
}

async function decommissionLeavesNothing(name: string): Promise<void> {
  expect((await app.api(`/api/clusters/${name}`, { method: 'DELETE' })).status).toBe(202);
  await eventually(async () => (await app.ctx.repos.clusters.find(name))?.status === 'DECOMMISSIONED', 60_000);
  expect(processesUnder(`local-nodes/${name}-`)).toBe(0);
}

describe('clusters of real local processes', () => {
  it('a 3-node Redis (primary + 2 replicas) made through the API serves writes and replicated reads', async () => {
    const cluster = await createAndWait({
      name: 'local-cache',
      engine: 'redis',
      owner: 'platform',
      expectedDataGb: 1,
      regions: ['local'],
      environment: 'prod',
    });
    expect(cluster.simulated).toBe(false);
    expect(cluster.nodes.map((n) => n.role).sort()).toEqual(['primary', 'replica', 'replica']);
    expect(cluster.nodes.every((n) => n.state === 'running')).toBe(true);
    expect(cluster.connection).toMatch(/^redis:\/\/127\.0\.0\.1:\d+/);
    expect(cluster.connection).not.toContain(cluster.password);
    expect(processesUnder('local-nodes/local-cache-')).toBe(3);

    const primary = cluster.nodes.find((n) => n.role === 'primary')!;
    const writer = new Redis({ host: primary.host, port: primary.port, password: cluster.password });
    await writer.set('order:1', 'paid');
    for (const replica of cluster.nodes.filter((n) => n.role === 'replica')) {
      const reader = new Redis({ host: replica.host, port: replica.port, password: cluster.password });
      await eventually(async () => (await reader.get('order:1')) === 'paid', 10_000);
      await expect(reader.set('x', '1')).rejects.toThrow(/READONLY/);
      reader.disconnect();
    }
    writer.disconnect();
    await decommissionLeavesNothing('local-cache');
  });

  it('a PostgreSQL primary with a streaming replica made through the API replicates writes', async () => {
    const cluster = await createAndWait({
      name: 'local-ledger',
      engine: 'postgres',
      owner: 'platform',
      expectedDataGb: 1,
      regions: ['local'],
      environment: 'test',
    });
    const primary = cluster.nodes.find((n) => n.role === 'primary')!;
    const replicas = cluster.nodes.filter((n) => n.role === 'replica');
    expect(replicas.length).toBeGreaterThanOrEqual(1);
    const connect = async (n: { host: string; port: number }) => {
      const client = new pg.Client({ host: n.host, port: n.port, user: 'datafleet', password: cluster.password, database: 'postgres' });
      await client.connect();
      return client;
    };
    const writer = await connect(primary);
    await writer.query('CREATE TABLE payments (id int PRIMARY KEY, amount numeric)');
    await writer.query('INSERT INTO payments VALUES (1, 42.50)');
    for (const replica of replicas) {
      const reader = await connect(replica);
      await eventually(async () => {
        const rows = await reader.query('SELECT amount FROM payments WHERE id = 1').then(
          (r) => r.rows,
          () => [],
        );
        return Number(rows[0]?.amount) === 42.5;
      }, 15_000);
      expect((await reader.query('SELECT pg_is_in_recovery() AS standby')).rows[0]?.standby).toBe(true);
      await reader.end();
    }
    await writer.end();
    await decommissionLeavesNothing('local-ledger');
  });
});
