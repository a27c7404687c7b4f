import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider, NodeRequest } from '../../services/providers/provider';
import { LocalProvider } from '../../services/providers/local/local-provider';
import { SimulatedProvider } from '../../services/providers/simulated/simulated-provider';
import { isAlive } from '../../services/providers/local/processes';
import { systemClock } from '../../services/platform/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/app';

let db: TestDatabase;
const dataRoot = mkdtempSync(join(tmpdir(), 'datafleet-provider-contract-'));
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
  rmSync(dataRoot, { recursive: true, force: true });
});

interface Case {
  name: string;
  make(): Provider;
  /** Checks that nothing of a destroyed node remains where the provider keeps it. */
  leavesNothing(name: string, pidBefore: number | null): Promise<void>;
  pid(name: string): number | null;
}

const cases: Case[] = [
  {
    name: 'local',
    make: () => new LocalProvider({ dataRoot, clock: systemClock }),
    pid: (name) => (JSON.parse(readFileSync(join(dataRoot, name, 'node.json'), 'utf8')) as { pid: number }).pid,
    async leavesNothing(name, pid) {
      expect(existsSync(join(dataRoot, name))).toBe(false);
      expect(isAlive(pid)).toBe(false);
    },
  },
  {
    name: 'simulated',
    make: () => new SimulatedProvider({ pool: db.pool, seed: 7, timeScale: 3600, clock: systemClock, diskGb: () => 100 }),
    pid: () => null,
    async leavesNothing() {},
  },
];

const request = (name: string, clusterId: string): NodeRequest => ({
  name, clusterId, clusterName: 'contract', engine: 'redis', version: '7.0.15', instanceType: 'r5.large', region: 'r', zone: 'r-a',
  role: 'primary', password: 'contract-secret-pw', settings: {}, dataGb: 1,
});

describe.each(cases)('Provider contract: $name', (c) => {
  it('creates idempotently by name, describes, lists by cluster', async () => {
    const provider = c.make();
    const clusterId = randomUUID();
    const name = `contract-${c.name}-${randomUUID().slice(0, 8)}`;
    const first = await provider.createNode(request(name, clusterId));
    const again = await provider.createNode(request(name, clusterId));
    expect(again.providerId).toBe(first.providerId);
    expect(again.port).toBe(first.port);
    expect(first.simulated).toBe(provider.simulated);
    expect(JSON.stringify(first)).not.toContain('contract-secret-pw');
    await eventually(async () => (await provider.describeNode(first.providerId))?.state === 'running', 10_000, 50);
    const listed = await provider.listNodes({ clusterId });
    expect(listed.map((n) => n.name)).toEqual([name]);
    expect(await provider.listNodes({ clusterId: randomUUID() })).toEqual([]);
    expect(await provider.describeNode(`never-created-${randomUUID()}`)).toBeNull();
    await provider.destroyNode(first.providerId);
  });

  it('stops, starts and restarts a node', async () => {
    const provider = c.make();
    const node = await provider.createNode(request(`contract-${c.name}-ssr-${randomUUID().slice(0, 8)}`, randomUUID()));
    expect((await provider.stopNode(node.providerId)).state).toBe('stopped');
    await provider.startNode(node.providerId);
    await eventually(async () => (await provider.describeNode(node.providerId))?.state === 'running', 10_000, 50);
    await provider.restartNode(node.providerId);
    await eventually(async () => (await provider.describeNode(node.providerId))?.state === 'running', 10_000, 50);
    await provider.destroyNode(node.providerId);
  });

  it('destroys idempotently and leaves nothing behind', async () => {
    const provider = c.make();
    const name = `contract-${c.name}-del-${randomUUID().slice(0, 8)}`;
    const node = await provider.createNode(request(name, randomUUID()));
    const pid = c.pid(name);
    await provider.destroyNode(node.providerId);
    await provider.destroyNode(node.providerId);
    const after = await provider.describeNode(node.providerId);
    expect(after === null || after.state === 'terminated').toBe(true);
    await c.leavesNothing(name, pid);
  });
});
