import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeRequest, Provider, ProviderNode } from '../../services/providers/provider';
import { LocalProvider } from '../../services/providers/local/local-provider';
import { SimulatedProvider } from '../../services/providers/simulated/simulated-provider';
import { isAlive } from '../../services/providers/local/processes';
import { systemClock } from '../../services/platform/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/app';

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
}

const cases: Case[] = [
  {
    name: 'local',
    make: () => new LocalProvider({ dataRoot, clock: systemClock }),
    storedRecord: (node) => readFileSync(join(dataRoot, node.providerId, 'node.json'), 'utf8'),
    pid: (node) => (JSON.parse(readFileSync(join(dataRoot, node.providerId, 'node.json'), 'utf8')) as { pid: number | null }).pid,
    async leavesNothing(node, pid) {
      expect(pid).toBeGreaterThan(0);
      expect(isAlive(pid)).toBe(false);
      expect(existsSync(join(dataRoot, node.providerId))).toBe(false);
      expect(await portIsFree(node.port)).toBe(true);
    },
  },
  {
    name: 'simulated',
    make: () =>
      new SimulatedProvider({
        pool: db.pool, seed: 7, timeScale: 3600, clock: systemClock,
        regions: { regions: new Map([[region, { zones: [zone] }]]), instanceTypes: new Map([['r5.large', { vcpu: 2, diskGb: 100 }]]) },
      }),
    storedRecord: () => '',
    pid: () => null,
    async leavesNothing() {},
  },
];

const request = (name: string, clusterId: string): NodeRequest => ({
  name, clusterId, clusterName: 'contract', engine: 'redis', version: '7.0.15', instanceType: 'r5.large', region, zone,
  role: 'primary', password, settings: {}, dataGb: 1,
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
    expect(first).toMatchObject({ name, region, zone, engine: 'redis', instanceType: 'r5.large', simulated: provider.simulated });
    expect(['pending', 'running']).toContain(first.state);
    expect(JSON.stringify(first)).not.toContain(password);
    expect(c.storedRecord(first)).not.toContain(password);
    await eventually(isRunning(provider, first.providerId), 10_000, 50);
    expect((await provider.listNodes({ clusterId })).map((n) => n.name)).toEqual([name]);
    expect(await provider.listNodes({ clusterId: randomUUID() })).toEqual([]);
    expect(await provider.describeNode(`never-created-${randomUUID()}`)).toBeNull();
    await provider.destroyNode(first.providerId);
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
