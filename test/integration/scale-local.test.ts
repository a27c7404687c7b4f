import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, type ListedNode } from '../helpers/cluster-waits';
import { teamWithToken } from '../helpers/teams';
import { TerminalOperationStatuses, type FinishedOperationStatus, type Operation } from '../../services/core/types';

let app: TestApp;
let ownerToken: string;

beforeAll(async () => {
  app = await startTestApp();
  ownerToken = await teamWithToken(app, 'orders');
});
afterAll(async () => {
  await app?.api('/api/clusters/sl-redis', { method: 'DELETE' }).catch(() => undefined);
  await app?.stop();
});

const post = async (path: string, body: unknown) => {
  const res = await app.api(path, { method: 'POST', token: ownerToken, json: body });
  return {
    status: res.status,
    body: (await res.json()) as { preview: Record<string, unknown>; operation: { id: string }; error: { message: string } },
  };
};

async function finished(id: string): Promise<Operation> {
  return eventually(
    async () => {
      const op = await app.ctx.repos.operations.get(id);
      return op && TerminalOperationStatuses.includes(op.status as FinishedOperationStatus) ? op : undefined;
    },
    120_000,
    250,
  );
}

async function withRedis<T>(
  node: { host: string | null; port: number | null },
  password: string,
  use: (c: Redis) => Promise<T>,
): Promise<T> {
  const client = new Redis({
    host: node.host!,
    port: node.port!,
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  // A node scaled away refuses connections: the failed connect answers, not an error event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

const answers = (node: { host: string | null; port: number | null }, password: string) =>
  withRedis(node, password, (c) => c.ping()).then(
    () => true,
    () => false,
  );

describe('scale and resize on real local Redis nodes', () => {
  it('adds a replica that holds the data, removes it again after checking the others serve, refuses going under the minimum, and resizes node by node', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      token: ownerToken,
      json: { name: 'sl-redis', owner: 'orders', engine: 'redis', expectedDataGb: 2, regions: ['local'], environment: 'test' },
    });
    expect(created.status).toBe(202);
    const cluster = await untilActive(app, 'sl-redis');
    expect(cluster.nodes).toHaveLength(2);
    const primary = cluster.nodes.find((n: ListedNode) => n.role === 'primary')!;
    await withRedis(primary, cluster.password, (c) => c.set('order:1', 'paid'));

    const dry = await post('/api/clusters/sl-redis/scale?dryRun=true', { nodes: 3 });
    expect(dry.status).toBe(200);
    // Processes on this machine cost nothing.
    expect(dry.body.preview).toMatchObject({
      direction: 'out',
      nodes: { before: 2, after: 3 },
      monthlyCostUsd: { after: 0, difference: 0 },
    });

    const out = await post('/api/clusters/sl-redis/scale', { nodes: 3, urgent: true });
    expect(out.status).toBe(202);
    expect((await finished(out.body.operation.id)).status).toBe('succeeded');
    const grown = await app.ctx.repos.nodes.forCluster(cluster.id);
    expect(grown).toHaveLength(3);
    const added = grown.find((n) => !cluster.nodes.some((o: ListedNode) => o.port === n.port))!;
    expect(added.role).toBe('replica');
    await eventually(async () => (await withRedis(added, cluster.password, (c) => c.get('order:1'))) === 'paid', 60_000, 250);

    const under = await post('/api/clusters/sl-redis/scale', { nodes: 1, urgent: true });
    expect(under.status).toBe(400);
    expect(under.body.error.message).toMatch(/1 node\(s\) per region is below the 2 a test redis cluster keeps/);

    const inDry = await post('/api/clusters/sl-redis/scale?dryRun=true', { nodes: 2 });
    const leaving = (inDry.body.preview as { leaving: Array<{ name: string }> }).leaving;
    expect(leaving.map((n) => n.name)).toEqual([added.name]);
    const scaledIn = await post('/api/clusters/sl-redis/scale', { nodes: 2, urgent: true });
    expect(scaledIn.status).toBe(202);
    expect((await finished(scaledIn.body.operation.id)).status).toBe('succeeded');
    const left = await app.ctx.repos.nodes.forCluster(cluster.id);
    expect(left.map((n) => n.name).sort()).toEqual(
      grown
        .filter((n) => n.name !== added.name)
        .map((n) => n.name)
        .sort(),
    );
    expect(await answers(added, cluster.password)).toBe(false);
    for (const node of left) expect(await withRedis(node, cluster.password, (c) => c.get('order:1'))).toBe('paid');

    // Resize: every node restarted on the new type, replicas before the primary; the data stays.
    const record = (await app.ctx.repos.clusters.find('sl-redis'))!;
    const bigger = record.spec.instanceType === 'r5.xlarge' ? 'r5.2xlarge' : 'r5.xlarge';
    const resizeDry = await post('/api/clusters/sl-redis/resize?dryRun=true', { instanceType: bigger });
    expect(resizeDry.status).toBe(200);
    expect((resizeDry.body.preview as { order: Array<{ role: string }> }).order.map((n) => n.role)).toEqual(['replica', 'primary']);
    const pidOf = (node: (typeof left)[number]) =>
      withRedis(node, cluster.password, async (c) => /process_id:(\d+)/.exec(await c.info('server'))![1]);
    const pidsBefore = new Map(await Promise.all(left.map(async (n) => [n.name, await pidOf(n)] as const)));
    const resized = await post('/api/clusters/sl-redis/resize', { instanceType: bigger, urgent: true });
    expect(resized.status).toBe(202);
    expect((await finished(resized.body.operation.id)).status).toBe('succeeded');
    const after = await app.ctx.repos.nodes.forCluster(cluster.id);
    expect(after.map((n) => n.instanceType)).toEqual([bigger, bigger]);
    expect((await app.ctx.repos.clusters.find('sl-redis'))!.spec.instanceType).toBe(bigger);
    const maxmemoryOf = (node: (typeof left)[number]) =>
      withRedis(node, cluster.password, async (c) => Number(((await c.config('GET', 'maxmemory')) as string[])[1]));
    // The spec takes the new type's sized settings (maxmemory is 70% of its memory); local nodes
    // share one machine and keep their small fixed cap.
    const sizedMaxmemory = Math.round(app.ctx.regions.instanceTypes.get(bigger)!.memoryGb * 0.7 * 1024);
    expect((await app.ctx.repos.clusters.find('sl-redis'))!.spec.settings.maxmemory).toBe(`${sizedMaxmemory}mb`);
    for (const node of after) {
      expect(await pidOf(node)).not.toBe(pidsBefore.get(node.name));
      expect(await withRedis(node, cluster.password, (c) => c.get('order:1'))).toBe('paid');
      expect(await maxmemoryOf(node)).toBe(128 * 1024 ** 2);
    }

    // A maxmemory the team set itself stays through the next resize.
    const setByTeam = await post('/api/clusters/sl-redis/settings', { settings: { maxmemory: 200 }, urgent: true });
    expect(setByTeam.status).toBe(202);
    expect((await finished(setByTeam.body.operation.id)).status).toBe('succeeded');
    const back = await post('/api/clusters/sl-redis/resize', { instanceType: record.spec.instanceType, urgent: true });
    expect(back.status).toBe(202);
    expect((await finished(back.body.operation.id)).status).toBe('succeeded');
    for (const node of await app.ctx.repos.nodes.forCluster(cluster.id)) {
      expect(node.instanceType).toBe(record.spec.instanceType);
      expect(await maxmemoryOf(node)).toBe(200 * 1024 ** 2);
    }
  }, 300_000);
});
