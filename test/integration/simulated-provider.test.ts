import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeRequest } from '../../services/providers/provider';
import { SimulatedProvider, type SimulatedProviderOptions } from '../../services/providers/simulated/simulated-provider';
import type { Clock } from '../../services/core/clock';
import { InputError } from '../../services/core/errors';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { testEngines } from '../helpers/engines';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** A clock the test moves by hand: simulated state follows it, nothing waits in real time. */
class ManualClock implements Clock {
  constructor(private current = new Date('2026-03-01T00:00:00Z')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const regions: SimulatedProviderOptions['regions'] = {
  regions: new Map([
    ['us-east-1', { provider: 'simulated', zones: ['us-east-1a', 'us-east-1b'] }],
    ['local', { provider: 'local', zones: ['local-a'] }],
  ]),
  instanceTypes: new Map([['i3.xlarge', { vcpu: 4, diskGb: 950 }]]),
};

function setup(overrides: Partial<SimulatedProviderOptions> = {}) {
  const clock = new ManualClock();
  const provider = new SimulatedProvider({
    pool: db.pool,
    seed: 11,
    timeScale: 1,
    clock,
    regions,
    retirementRate: 0,
    engines: testEngines,
    ...overrides,
  });
  return { clock, provider };
}

/** The event feed is fleet-wide and the tests share one database: each looks at its own node's events. */
const eventsOf = async (provider: SimulatedProvider, since: Date, providerId: string) =>
  (await provider.events(since)).filter((e) => e.providerId === providerId);

const request = (overrides: Partial<NodeRequest> = {}): NodeRequest => ({
  name: `sim-${randomUUID().slice(0, 8)}`,
  clusterId: randomUUID(),
  clusterName: 'events',
  engine: 'cassandra',
  version: '4.1.6',
  instanceType: 'i3.xlarge',
  region: 'us-east-1',
  zone: 'us-east-1a',
  role: 'member',
  password: 'never-stored',
  settings: {},
  dataGb: 120,
  ...overrides,
});

describe('SimulatedProvider', () => {
  it('boots a node in 60-180 simulated seconds and gives every process the same answer', async () => {
    const { clock, provider } = setup();
    const node = await provider.createNode(request());
    expect(node).toMatchObject({ state: 'pending', port: 9042 });
    expect(provider.capabilities.has('runsRealServers')).toBe(false); // what labels its nodes simulated
    expect(node.host).toMatch(/^10\./);
    clock.advance(59_000);
    expect((await provider.describeNode(node.providerId))?.state).toBe('pending');
    clock.advance(121_000);
    expect((await provider.describeNode(node.providerId))?.state).toBe('running');
    // Another process (api, worker) with the same seed reads the same fleet from PostgreSQL.
    const other = new SimulatedProvider({ pool: db.pool, seed: 11, timeScale: 1, clock, regions, engines: testEngines });
    expect(await other.describeNode(node.providerId)).toEqual(await provider.describeNode(node.providerId));
    const rows = await db.pool.query('SELECT * FROM sim_instances WHERE name = $1', [node.name]);
    expect(JSON.stringify(rows.rows)).not.toContain('never-stored');
  });

  it('refuses regions and zones it does not simulate', async () => {
    const { provider } = setup();
    await expect(provider.createNode(request({ region: 'local', zone: 'local-a' }))).rejects.toThrow(InputError);
    await expect(provider.createNode(request({ zone: 'eu-west-1a' }))).rejects.toThrow(/not in region/);
  });

  it('reports an injected crash, and the recovery when the reboot completes', async () => {
    const { clock, provider } = setup();
    const node = await provider.createNode(request());
    clock.advance(200_000);
    const since = clock.now();
    clock.advance(1000);
    expect((await provider.injectFailure(node.providerId, 'crash')).state).toBe('failed');
    await provider.injectFailure(node.providerId, 'crash'); // already crashed: no second event
    expect((await eventsOf(provider, since, node.providerId)).map((e) => [e.type, e.providerId])).toEqual([
      ['node_failed', node.providerId],
    ]);
    expect((await provider.restartNode(node.providerId)).state).toBe('pending');
    expect((await eventsOf(provider, since, node.providerId)).map((e) => e.type)).toEqual(['node_failed']);
    clock.advance(45_000);
    expect((await provider.describeNode(node.providerId))?.state).toBe('running');
    expect((await eventsOf(provider, since, node.providerId)).map((e) => e.type)).toEqual(['node_failed', 'node_recovered']);
  });

  it('shows disk_full and a partition in metrics, and clears them', async () => {
    const { clock, provider } = setup();
    const node = await provider.createNode(request());
    clock.advance(200_000);
    const healthy = await provider.metrics(node.providerId);
    expect(healthy).toMatchObject({ simulated: true, state: 'running', diskTotalGb: 950 });
    expect(healthy.diskUsedGb).toBeGreaterThanOrEqual(120);
    await provider.injectFailure(node.providerId, 'disk_full');
    expect((await provider.describeNode(node.providerId))?.state).toBe('running');
    expect((await provider.metrics(node.providerId)).diskUsedGb).toBe(950);
    const since = clock.now();
    clock.advance(1);
    await provider.clearFailure(node.providerId);
    expect((await provider.metrics(node.providerId)).diskUsedGb).toBeLessThan(950);
    expect((await eventsOf(provider, since, node.providerId)).map((e) => e.type)).toEqual(['node_recovered']);
  });

  it('announces a retirement and stops the node at the deadline; a start moves it to healthy hardware', async () => {
    const { clock, provider } = setup();
    const node = await provider.createNode(request());
    clock.advance(200_000);
    const since = clock.now();
    clock.advance(1);
    const deadline = new Date(clock.now().getTime() + 3_600_000);
    await provider.scheduleRetirement(node.providerId, deadline);
    expect(await eventsOf(provider, since, node.providerId)).toEqual([
      { type: 'retirement_scheduled', providerId: node.providerId, at: expect.any(Date), deadline, detail: expect.any(String) },
    ]);
    clock.advance(3_600_000);
    expect((await provider.describeNode(node.providerId))?.state).toBe('stopped');
    await provider.startNode(node.providerId);
    clock.advance(90_000);
    expect((await provider.describeNode(node.providerId))?.state).toBe('running');
    clock.advance(10 * 3_600_000);
    expect((await provider.describeNode(node.providerId))?.state).toBe('running');
  });

  it('sends its own retirement notices, ahead of time and only once their moment comes', async () => {
    const { clock, provider } = setup({ retirementRate: 1, timeScale: 86_400 }); // a simulated day per real second
    const start = clock.now();
    const node = await provider.createNode(request());
    await provider.createNode(request({ name: node.name })); // idempotent: no second notice
    expect(await eventsOf(provider, start, node.providerId)).toEqual([]);
    clock.advance(31_000);
    const notices = await eventsOf(provider, start, node.providerId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ type: 'retirement_scheduled', providerId: node.providerId });
    expect(notices[0]!.deadline!.getTime() - notices[0]!.at.getTime()).toBe(14_000);
  });

  it("forgets a destroyed node's future events and launches its name afresh", async () => {
    const { clock, provider } = setup({ retirementRate: 1, timeScale: 86_400 });
    const start = clock.now();
    const node = await provider.createNode(request());
    await provider.destroyNode(node.providerId);
    await provider.destroyNode(node.providerId);
    expect((await provider.describeNode(node.providerId))?.state).toBe('terminated');
    await expect(provider.stopNode(node.providerId)).rejects.toThrow(/does not exist/);
    clock.advance(60_000);
    expect(await eventsOf(provider, start, node.providerId)).toEqual([]);
    const again = await provider.createNode(request({ name: node.name }));
    // At this time scale a boot can take under a millisecond of real time, so it may already run.
    expect(['pending', 'running']).toContain(again.state);
    expect(again.launchedAt.getTime()).toBe(clock.now().getTime());
  });
});
