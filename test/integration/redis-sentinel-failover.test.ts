import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, type TestApp } from '../helpers/app';
import type { PageReceiver } from '../helpers/page-receiver';
import { appWithPages, createWatchedCluster, pagesFor as pagesForCluster } from '../helpers/failover-cluster';
import type { LocalProvider } from '../../services/providers/local/local-provider';

/*
 * A local prod Redis cluster runs three real sentinels. Its primary is SIGKILLed: Sentinel promotes
 * a replica, Datafleet records the failover and replaces the dead node with a new replica that copies
 * the data, and nobody is paged. With two sentinels killed as well, Sentinel cannot act and exactly
 * one page goes out.
 */
const INTERVAL_MS = 500;
const setup = appWithPages('checkout', INTERVAL_MS);
let app: TestApp;
let receiver: PageReceiver;
beforeAll(() => {
  app = setup.app();
  receiver = setup.receiver();
});

const createCluster = (name: string) => createWatchedCluster(app, { name, owner: 'checkout', engine: 'redis' });
const pagesFor = (cluster: string) => pagesForCluster(receiver, cluster);

const client = (node: { host: string | null; port: number | null }, password: string) =>
  new Redis({ host: node.host!, port: node.port!, password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });

const nodePid = (name: string): number =>
  (JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', name, 'node.json'), 'utf8')) as { pid: number }).pid;

const local = () => app.ctx.providers.forRegion('local') as LocalProvider;

describe('Redis failover through Sentinel', () => {
  it('primary SIGKILLed: Sentinel promotes a replica, Datafleet records it and replaces the dead node; all data readable, no page', async () => {
    const { cluster, nodes, password } = await createCluster('cart-cache');
    expect(cluster.failoverManager).toMatchObject({ kind: 'sentinel', masterName: 'cart-cache', quorum: 2 });
    expect(cluster.failoverManager!.endpoints).toHaveLength(3);
    const old = nodes.find((n) => n.role === 'primary')!;
    const writer = client(old, password);
    for (let i = 0; i < 500; i += 1) await writer.set(`cart:${i}`, `item-${i}`);
    await writer.call('WAIT', '2', '2000');
    writer.disconnect();

    process.kill(nodePid(old.name), 'SIGKILL');

    const event = await eventually(async () => (await app.ctx.repos.failovers.forCluster(cluster.id))[0], 60_000, 250);
    expect(event).toMatchObject({ kind: 'failover', decidedBy: 'sentinel', oldPrimary: old.name });
    expect(event.before.primary).toBe(old.name);
    expect(event.after.primary).toBe(event.newPrimary);
    expect(event.unavailableMs).toBeGreaterThan(0);
    expect(event.unavailableMs).toBeLessThan(30_000);

    const live = await eventually(
      async () => {
        const now = await app.ctx.repos.nodes.forCluster(cluster.id);
        return now.length === nodes.length && !now.some((n) => n.name === old.name) ? now : undefined;
      },
      120_000,
      500,
    );
    const primary = live.find((n) => n.role === 'primary')!;
    expect(primary.name).toBe(event.newPrimary);
    for (const node of live) {
      const reader = client(node, password);
      await eventually(async () => (await reader.get('cart:499')) === 'item-499', 20_000);
      expect(await reader.get('cart:0')).toBe('item-0');
      expect(await reader.dbsize()).toBe(500);
      reader.disconnect();
    }
    // Clients are given the sentinels and the master name, and Sentinel names the new primary to them.
    const connection = (await (await app.api('/api/clusters/cart-cache/connection')).json()) as {
      failoverManager: { masterName: string; hosts: { host: string; port: number }[] };
    };
    expect(connection.failoverManager.masterName).toBe('cart-cache');
    expect(connection.failoverManager.hosts).toHaveLength(3);
    const follower = new Redis({
      sentinels: connection.failoverManager.hosts,
      name: 'cart-cache',
      password,
      sentinelPassword: password,
      lazyConnect: true,
    });
    expect(await follower.get('cart:7')).toBe('item-7');
    await follower.set('after-failover', 'yes');
    follower.disconnect();
    const op = await eventually(async () => {
      const [latest] = await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'replace_node', limit: 5 });
      return latest && ['succeeded', 'failed'].includes(latest.status) ? latest : undefined;
    }, 60_000);
    expect(op.error).toBeNull();
    expect(op.status).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 3000));
    expect(pagesFor('cart-cache')).toEqual([]);
  }, 240_000);

  it('primary and two of three sentinels SIGKILLed: Sentinel cannot act and exactly one page goes out', async () => {
    const { cluster, nodes } = await createCluster('till-cache');
    const old = nodes.find((n) => n.role === 'primary')!;
    const sentinels = local().failoverManagerPids(cluster.id);
    expect(sentinels).toHaveLength(3);
    for (const pid of sentinels.slice(0, 2)) process.kill(pid, 'SIGKILL');
    process.kill(nodePid(old.name), 'SIGKILL');

    const page = await eventually(async () => pagesFor('till-cache')[0], 120_000, 500);
    expect(JSON.stringify(page.body)).toMatch(/quorum/);
    await new Promise((r) => setTimeout(r, 5000));
    expect(pagesFor('till-cache')).toHaveLength(1);
    expect(await app.ctx.repos.failovers.forCluster(cluster.id)).toEqual([]);
    expect((await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')?.name).toBe(old.name);
  }, 240_000);
});
