import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { NodeChange, NodeRequest, Provider, ProviderNode } from '../../services/providers/provider';
import { LocalProvider } from '../../services/providers/local/local-provider';
import { SimulatedProvider } from '../../services/providers/simulated/simulated-provider';
import { isAlive } from '../../services/providers/local/processes';
import { MissingCapabilityError, ProviderCapabilities, type ProviderCapability } from '../../services/providers/capabilities';
import { ExternalProvider } from '../../services/providers/external/external-provider';
import { systemClock } from '../../services/core/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/app';
import { testEngines } from '../helpers/engines';

let db: TestDatabase;
const dataRoot = mkdtempSync(join(tmpdir(), 'datafleet-provider-contract-'));
const region = 'contract-region';
const zone = 'contract-region-a';
const password = `contract-secret-${randomUUID()}`;
const created: Array<{ provider: Provider; id: string }> = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  // Whatever a failed test left: no process outlives the suite.
  for (const { provider, id } of created) await provider.destroyNode(id).catch(() => undefined);
  await db?.drop();
  rmSync(dataRoot, { recursive: true, force: true });
});

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

interface Case {
  name: string;
  make(): Provider;
  /** What the provider keeps of a node where it keeps it (local: node.json), to check for secrets. */
  storedRecord(node: ProviderNode): string;
  /** Asserts that nothing of a destroyed node remains. */
  leavesNothing(node: ProviderNode, pidBefore: number | null): Promise<void>;
  pid(node: ProviderNode): number | null;
  /** A change this adapter can make to a Redis 7.0.15 node on r5.large, and the version it then reports. */
  change(provider: Provider): Promise<{ change: NodeChange; version: string }>;
  /** Writes a key and reads it back, and reads a setting, where the node really holds data. */
  data?: {
    put(node: ProviderNode, value: string): Promise<void>;
    get(node: ProviderNode): Promise<string | null>;
    setting(node: ProviderNode, name: string): Promise<string | null>;
  };
}

const withRedis = async <T>(node: ProviderNode, fn: (client: Redis) => Promise<T>): Promise<T> => {
  const client = new Redis({ host: node.host, port: node.port, password, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    client.disconnect();
  }
};

const cases: Case[] = [
  {
    name: 'local',
    make: () => new LocalProvider({ dataRoot, clock: systemClock, engines: testEngines }),
    storedRecord: (node) => readFileSync(join(dataRoot, node.providerId, 'node.json'), 'utf8'),
    pid: (node) => (JSON.parse(readFileSync(join(dataRoot, node.providerId, 'node.json'), 'utf8')) as { pid: number | null }).pid,
    async leavesNothing(node, pid) {
      expect(pid).toBeGreaterThan(0);
      expect(isAlive(pid)).toBe(false);
      expect(existsSync(join(dataRoot, node.providerId))).toBe(false);
      expect(await portIsFree(node.port)).toBe(true);
    },
    // One redis-server is installed: the version stays, the configuration and the instance label change.
    change: async (provider) => {
      const [version] = (await provider.availableVersions('redis')) ?? [];
      return {
        change: { version: version!, instanceType: 'r5.xlarge', settings: { 'maxmemory-policy': 'allkeys-lru', hz: 20 } },
        version: version!,
      };
    },
    data: {
      put: (node, value) => withRedis(node, async (client) => void (await client.set('contract:key', value))),
      get: (node) => withRedis(node, (client) => client.get('contract:key')),
      setting: (node, name) => withRedis(node, async (client) => ((await client.config('GET', name)) as string[])[1] ?? null),
    },
  },
  {
    name: 'simulated',
    make: () =>
      new SimulatedProvider({
        pool: db.pool,
        seed: 7,
        timeScale: 3600,
        clock: systemClock,
        engines: testEngines,
        regions: {
          regions: new Map([[region, { zones: [zone] }]]),
          instanceTypes: new Map([
            ['r5.large', { vcpu: 2, diskGb: 100 }],
            ['r5.xlarge', { vcpu: 4, diskGb: 200 }],
          ]),
        },
      }),
    storedRecord: () => '',
    pid: () => null,
    async leavesNothing() {},
    change: async () => ({ change: { version: '7.2.6', instanceType: 'r5.xlarge', kernelVersion: '6.8.0-1015-aws' }, version: '7.2.6' }),
  },
];

const request = (name: string, clusterId: string): NodeRequest => ({
  name,
  clusterId,
  clusterName: 'contract',
  engine: 'redis',
  version: '7.0.15',
  instanceType: 'r5.large',
  region,
  zone,
  role: 'primary',
  password,
  settings: {},
  dataGb: 1,
});

const isRunning = (provider: Provider, id: string) => async () => (await provider.describeNode(id))?.state === 'running';

describe.each(cases)('Provider contract: $name', (c) => {
  const create = async (provider: Provider, name: string, clusterId = randomUUID()) => {
    const node = await provider.createNode(request(name, clusterId));
    created.push({ provider, id: node.providerId });
    return node;
  };

  it('creates idempotently by name, describes, lists by cluster, never returns the password', async () => {
    const provider = c.make();
    const clusterId = randomUUID();
    const name = `contract-${c.name}-${randomUUID().slice(0, 8)}`;
    const first = await create(provider, name, clusterId);
    const again = await create(provider, name, clusterId);
    expect(again.providerId).toBe(first.providerId);
    expect(again.port).toBe(first.port);
    expect(again.launchedAt.getTime()).toBe(first.launchedAt.getTime());
    expect(first).toMatchObject({ name, region, zone, engine: 'redis', instanceType: 'r5.large' });
    expect(['pending', 'running']).toContain(first.state);
    expect(JSON.stringify(first)).not.toContain(password);
    expect(c.storedRecord(first)).not.toContain(password);
    await eventually(isRunning(provider, first.providerId), 10_000, 50);
    expect((await provider.listNodes({ clusterId })).map((n) => n.name)).toEqual([name]);
    expect(await provider.listNodes({ clusterId: randomUUID() })).toEqual([]);
    expect(await provider.describeNode(`never-created-${randomUUID()}`)).toBeNull();
    await provider.destroyNode(first.providerId);
  });

  it('offers a list of kernels that holds the kernel its nodes boot on, and refuses any other', async () => {
    const provider = c.make();
    const kernels = provider.kernelVersions();
    expect(kernels.length).toBeGreaterThan(0);
    const node = await create(provider, `contract-${c.name}-krn-${randomUUID().slice(0, 8)}`);
    expect(kernels).toContain(node.kernelVersion);
    await eventually(isRunning(provider, node.providerId), 10_000, 50);
    await expect(provider.changeNode(node.providerId, { kernelVersion: '0.0.0-not-offered' })).rejects.toThrow(/kernel/);
    await provider.destroyNode(node.providerId);
  });

  it('stops, starts and restarts a node, keeping its address', async () => {
    const provider = c.make();
    const node = await create(provider, `contract-${c.name}-ssr-${randomUUID().slice(0, 8)}`);
    await eventually(isRunning(provider, node.providerId), 10_000, 50);
    const stopped = await provider.stopNode(node.providerId);
    expect(stopped.state).toBe('stopped');
    expect((await provider.describeNode(node.providerId))?.state).toBe('stopped');
    const started = await provider.startNode(node.providerId);
    expect(started.port).toBe(node.port);
    await eventually(isRunning(provider, node.providerId), 10_000, 50);
    const restarted = await provider.restartNode(node.providerId);
    expect([restarted.host, restarted.port]).toEqual([node.host, node.port]);
    await eventually(isRunning(provider, node.providerId), 10_000, 50);
    await provider.destroyNode(node.providerId);
  });

  it('changes a node in place: new version and configuration, same address, data kept; again is a no-op', async () => {
    const provider = c.make();
    const node = await create(provider, `contract-${c.name}-chg-${randomUUID().slice(0, 8)}`);
    await eventually(isRunning(provider, node.providerId), 10_000, 50);
    await c.data?.put(node, 'kept across the change');
    const { change, version } = await c.change(provider);

    const changed = await provider.changeNode(node.providerId, change);
    expect(changed).toMatchObject({
      providerId: node.providerId,
      host: node.host,
      port: node.port,
      softwareVersion: version,
      instanceType: 'r5.xlarge',
    });
    if (change.kernelVersion) expect(changed.kernelVersion).toBe(change.kernelVersion);
    await eventually(isRunning(provider, node.providerId), 10_000, 50);
    expect(await provider.describeNode(node.providerId)).toMatchObject({
      softwareVersion: version,
      instanceType: 'r5.xlarge',
      port: node.port,
    });
    if (c.data) {
      expect(await c.data.get(node)).toBe('kept across the change');
      expect(await c.data.setting(node, 'maxmemory-policy')).toBe('allkeys-lru');
    }

    const pidBefore = c.pid(node);
    const again = await provider.changeNode(node.providerId, change);
    expect(again.state).toBe('running'); // no restart: the node already has the change
    expect(c.pid(node)).toBe(pidBefore);
    await provider.destroyNode(node.providerId);
  });

  it('refuses an empty change and a node it does not have', async () => {
    const provider = c.make();
    await expect(provider.changeNode(`never-created-${randomUUID()}`, { version: '7.2.6' })).rejects.toThrow(/does not exist/);
    await expect(provider.changeNode(`never-created-${randomUUID()}`, {})).rejects.toThrow(/needs a version/);
  });

  it('refuses to start or stop a node it does not have', async () => {
    const provider = c.make();
    await expect(provider.startNode(`never-created-${randomUUID()}`)).rejects.toThrow(/does not exist/);
    await expect(provider.stopNode(`never-created-${randomUUID()}`)).rejects.toThrow(/does not exist/);
  });

  it('destroys idempotently and leaves nothing behind', async () => {
    const provider = c.make();
    const clusterId = randomUUID();
    const node = await create(provider, `contract-${c.name}-del-${randomUUID().slice(0, 8)}`, clusterId);
    await eventually(isRunning(provider, node.providerId), 10_000, 50);
    const pid = c.pid(node);
    await provider.destroyNode(node.providerId);
    await provider.destroyNode(node.providerId);
    await provider.destroyNode(`never-created-${randomUUID()}`);
    const after = await provider.describeNode(node.providerId);
    expect(after === null || after.state === 'terminated').toBe(true);
    expect((await provider.listNodes({ clusterId })).filter((n) => n.state !== 'terminated')).toEqual([]);
    await c.leavesNothing(node, pid);
  });
});

/** Every provider, those that cannot create nodes included: what each declares is what it does. */
const capabilityCases: Array<{ name: string; make(): Provider }> = [
  ...cases.map((c) => ({ name: c.name, make: c.make })),
  {
    name: 'external',
    make: () => new ExternalProvider({ clock: systemClock, regions: { regions: new Map([[region, { zones: [zone] }]]) } }),
  },
];

const absentCalls: Array<[ProviderCapability, (p: Provider, id: string) => Promise<unknown>]> = [
  ['createsNodes', (p) => p.createNode(request(`contract-refused-${randomUUID().slice(0, 8)}`, randomUUID()))],
  ['destroysNodes', (p, id) => p.destroyNode(id)],
  ['restartsNodes', (p, id) => p.restartNode(id)],
  ['changesVersion', (p, id) => p.changeNode(id, { version: '7.2.6' })],
  ['switchesOver', (p, id) => p.followPrimary(id, null)],
  [
    'adoptsNodes',
    (p) =>
      p.adoptNode({
        name: `contract-adopt-${randomUUID().slice(0, 8)}`,
        clusterId: randomUUID(),
        engine: 'redis',
        version: '7.0.15',
        region,
        zone,
        role: 'primary',
        host: '127.0.0.1',
        port: 1,
      }),
  ],
];

describe.each(capabilityCases)('Provider capabilities: $name', (c) => {
  it('declares known capabilities, and an observer exactly when it runs no real servers', () => {
    const provider = c.make();
    for (const capability of provider.capabilities) expect(ProviderCapabilities).toContain(capability);
    expect(provider.observer !== undefined).toBe(!provider.capabilities.has('runsRealServers'));
  });

  it('refuses every call whose capability it does not declare, with an error naming the capability', async () => {
    const provider = c.make();
    for (const [capability, call] of absentCalls) {
      if (provider.capabilities.has(capability)) continue;
      const refused = call(provider, `never-created-${randomUUID()}`);
      await expect(refused, capability).rejects.toBeInstanceOf(MissingCapabilityError);
      await expect(refused, capability).rejects.toThrow(capability);
    }
  });
});

describe('Provider contract: external (adopted servers)', () => {
  const provider = () => new ExternalProvider({ clock: systemClock, regions: { regions: new Map([[region, { zones: [zone] }]]) } });
  const adopted = (port: number) => ({
    name: `contract-ext-${randomUUID().slice(0, 8)}`,
    clusterId: randomUUID(),
    engine: 'redis' as const,
    version: '7.0.15',
    region,
    zone,
    role: 'primary' as const,
    host: '127.0.0.1',
    port,
  });

  it('describes an adopted server by its endpoint: running while it accepts connections, failed when it does not', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    const node = await provider().adoptNode(adopted(port));
    expect(node).toMatchObject({ host: '127.0.0.1', port, state: 'running', engine: 'redis', softwareVersion: '7.0.15', region, zone });
    expect(await provider().describeNode(node.providerId)).toMatchObject({ name: node.name, port, state: 'running' });
    await new Promise((resolve) => server.close(resolve));
    expect((await provider().describeNode(node.providerId))?.state).toBe('failed');
    expect(await provider().describeNode(`never-created-${randomUUID()}`)).toBeNull();
  });

  it('refuses a region or zone that is not its own', async () => {
    await expect(provider().adoptNode({ ...adopted(1), region: 'elsewhere' })).rejects.toThrow(/not an external region/);
    await expect(provider().adoptNode({ ...adopted(1), zone: 'elsewhere-a' })).rejects.toThrow(/zone/);
  });
});
