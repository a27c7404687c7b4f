import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { startPageReceiver, type PageReceiver } from '../helpers/page-receiver';

let app: TestApp;
let receiver: PageReceiver;

beforeAll(async () => {
  receiver = await startPageReceiver();
  app = await startTestApp({
    // The PostgreSQL case below is a cluster without automatic failover: Patroni is off on this control plane.
    config: {
      notifyWebhookUrl: `${receiver.url}/slack`,
      platformChannel: '#dbre',
      localPostgresFailover: 'off',
    },
  });
  expect(
    (await app.api('/api/teams', { method: 'POST', json: { name: 'payments', email: 'payments@example.com', chatChannel: '#payments' } }))
      .status,
  ).toBe(201);
});
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

const processesUnder = (path: string): number => {
  try {
    return execFileSync('pgrep', ['-f', path]).toString().trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

async function createCluster(name: string, engine: string, environment: string) {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, owner: 'payments', engine, expectedDataGb: 1, regions: ['local'], environment },
  });
  expect(res.status).toBe(202);
  const cluster = await eventually(
    async () => {
      const c = await app.ctx.repos.clusters.find(name);
      if (c?.status === 'FAILED') throw new Error(`provision failed: ${c.statusReason}`);
      return c?.status === 'ACTIVE' ? c : undefined;
    },
    120_000,
    250,
  );
  return { cluster, nodes: await app.ctx.repos.nodes.forCluster(cluster.id), password: await app.ctx.repos.clusters.password(cluster.id) };
}

/** Makes one node look a year and a half old, so the age scan plans exactly its replacement. */
async function ageNode(nodeId: string): Promise<void> {
  await app.ctx.pool.query("UPDATE nodes SET launched_at = now() - interval '540 days' WHERE id = $1", [nodeId]);
}

async function scanFor(cluster: string) {
  const res = await app.api('/api/maintenance/scan', { method: 'POST', json: {} });
  expect(res.status).toBe(200);
  return (
    (await res.json()) as { scheduled: Array<{ cluster: string; node: string; reason: string; operationId: string; scheduledFor: string }> }
  ).scheduled.filter((s) => s.cluster === cluster);
}

const finished = (id: string) =>
  eventually(
    async () => {
      const op = await app.ctx.repos.operations.get(id);
      return op && ['succeeded', 'failed', 'cancelled'].includes(op.status) ? op : undefined;
    },
    120_000,
    250,
  );

const redis = (node: { host: string | null; port: number | null }, password: string) =>
  new Redis({ host: node.host!, port: node.port!, password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
const replication = async (client: Redis) =>
  Object.fromEntries(
    (await client.info('replication'))
      .split(/\r?\n/)
      .filter((l) => l.includes(':'))
      .map((l) => l.split(':') as [string, string]),
  );

describe('replacing the primary of a local Redis cluster', () => {
  it('a new replica syncs, Sentinel hands the primary role to a replica, the others follow it, and the old process is gone', async () => {
    const { cluster, nodes, password } = await createCluster('pay-cache', 'redis', 'prod');
    const old = nodes.find((n) => n.role === 'primary')!;
    const writer = redis(old, password);
    for (let i = 0; i < 200; i += 1) await writer.set(`order:${i}`, `paid-${i}`);
    writer.disconnect();

    await ageNode(old.id);
    const [planned] = await scanFor('pay-cache');
    expect(planned).toMatchObject({ node: old.name, reason: 'age' });
    // No maintenance window: at once.
    expect(Date.parse(planned!.scheduledFor)).toBeLessThanOrEqual(Date.now());
    const op = await finished(planned!.operationId);
    expect(op.error).toBeNull();
    expect(op.status).toBe('succeeded');

    const live = await app.ctx.repos.nodes.forCluster(cluster.id);
    expect(live).toHaveLength(nodes.length);
    expect(live.map((n) => n.name)).not.toContain(old.name);
    const primary = live.find((n) => n.role === 'primary')!;
    // Sentinel chose the replica that leads now, and Datafleet recorded the switchover it made.
    expect(primary.name).not.toBe(old.name);
    expect(await app.ctx.repos.failovers.forCluster(cluster.id)).toEqual([
      expect.objectContaining({ kind: 'switchover', decidedBy: 'sentinel', oldPrimary: old.name, newPrimary: primary.name }),
    ]);
    const client = redis(primary, password);
    expect((await replication(client)).role).toBe('master');
    expect(await client.get('order:0')).toBe('paid-0');
    expect(await client.get('order:199')).toBe('paid-199');
    await client.set('after', 'switchover');
    client.disconnect();

    for (const replica of live.filter((n) => n.role === 'replica')) {
      const reader = redis(replica, password);
      await eventually(async () => {
        const info = await replication(reader);
        return info.role === 'slave' && Number(info.master_port) === primary.port && info.master_link_status === 'up';
      }, 15_000);
      await eventually(async () => (await reader.get('after')) === 'switchover', 10_000);
      reader.disconnect();
    }

    const gone = redis(old, password);
    gone.on('error', () => undefined);
    await expect(gone.connect()).rejects.toThrow();
    gone.disconnect();
    expect(processesUnder(`local-nodes/${old.name}/`)).toBe(0);

    // What the switchover changed at runtime survives a restart of the new primary.
    const nodeDir = join(app.config.dataDir, 'local-nodes', primary.name);
    expect(readFileSync(join(nodeDir, 'redis.conf'), 'utf8')).not.toMatch(/^replicaof/m);
    expect(JSON.parse(readFileSync(join(nodeDir, 'node.json'), 'utf8'))).toMatchObject({ role: 'primary', primary: null });
    await app.ctx.providers.forRegion('local').restartNode(primary.providerId!);
    const restarted = redis(primary, password);
    await eventually(
      async () =>
        await restarted.connect().then(
          () => true,
          () => false,
        ),
      15_000,
    );
    expect((await replication(restarted)).role).toBe('master');
    expect(await restarted.get('after')).toBe('switchover');
    restarted.disconnect();

    const texts = receiver.received.filter((m) => String(m.body.text).includes(`\`${old.name}\``));
    expect(texts.map((m) => m.body.channel)).toEqual(['#payments', '#payments']);
    expect(String(texts[0]!.body.text)).toMatch(/Maintenance scheduled.*at once: the cluster has no maintenance window/);
    const fresh = live.find((n) => !nodes.some((o) => o.name === n.name))!;
    expect(String(texts[1]!.body.text)).toMatch(new RegExp(`Maintenance done.*replaced by \`${fresh.name}\``));
    const history = (await (await app.api('/api/clusters/pay-cache/maintenance')).json()) as Array<{
      status: string;
      notices: Array<{ kind: string }>;
    }>;
    expect(history).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        notices: [expect.objectContaining({ kind: 'scheduled' }), expect.objectContaining({ kind: 'succeeded' })],
      }),
    ]);
  });
});

describe('replacing the primary of a local PostgreSQL cluster', () => {
  it('is refused with a message for a person, who is told along with the platform channel; nothing is created', async () => {
    const { cluster, nodes } = await createCluster('pay-ledger', 'postgres', 'test');
    const primary = nodes.find((n) => n.role === 'primary')!;
    await ageNode(primary.id);
    const [planned] = await scanFor('pay-ledger');
    const op = await finished(planned!.operationId);
    expect(op.status).toBe('failed');
    expect(op.error).toMatch(/failover is not automated.*A person must promote a replica/);
    expect(op.steps.find((s) => s.name === 'check')).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await app.ctx.repos.nodes.forCluster(cluster.id)).map((n) => n.name).sort()).toEqual(nodes.map((n) => n.name).sort());

    const failed = await eventually(async () => {
      const texts = receiver.received.filter(
        (m) => String(m.body.text).includes(`\`${primary.name}\``) && /Maintenance failed/.test(String(m.body.text)),
      );
      return texts.length === 2 ? texts : undefined;
    }, 5000);
    expect(failed.map((m) => m.body.channel).sort()).toEqual(['#dbre', '#payments']);
    expect(String(failed[0]!.body.text)).toMatch(/A person must act/);
  });
});
