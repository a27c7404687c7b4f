import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { startPageReceiver, type PageReceiver } from '../helpers/page-receiver';
import { SimulatedProvider } from '../../services/providers/simulated/simulated-provider';
import { nextWindow } from '../../services/fleet/maintenance-window';
import type { MaintenanceWindow } from '../../services/core/types';

let app: TestApp;
let receiver: PageReceiver;

beforeAll(async () => {
  receiver = await startPageReceiver();
  app = await startTestApp({ config: { notifyWebhookUrl: `${receiver.url}/slack` } });
});
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A weekly window two days from now, so it is certainly closed now and opens well within a week. */
const window: MaintenanceWindow = {
  day: (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[(new Date().getUTCDay() + 2) % 7]!,
  start: '03:00',
  durationMinutes: 120,
  timeZone: 'UTC',
};

interface Planned {
  cluster: string;
  node: string;
  reason: string;
  scheduledFor: string;
  deadline: string | null;
  operationId: string;
  status: string;
  asap: boolean;
  notices: Array<{ kind: string; channel: string | null; delivered: boolean }>;
}
interface ScanAnswer {
  eventsRead: number;
  scheduled: Array<Planned & { change: string }>;
}

const scan = async (token?: string) => {
  const res = await app.api('/api/maintenance/scan', { method: 'POST', json: {}, ...(token ? { token } : {}) });
  expect(res.status).toBe(200);
  return (await res.json()) as ScanAnswer;
};
const mine = (answer: ScanAnswer, cluster: string) => answer.scheduled.filter((s) => s.cluster === cluster);
const simulated = () => app.ctx.providers.forRegion('us-east-1') as SimulatedProvider;
const messagesAbout = (node: string) => receiver.received.filter((m) => String(m.body.text).includes(`\`${node}\``));

async function createCluster(name: string, owner: string, extra: Record<string, unknown> = {}) {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, owner, engine: 'cassandra', expectedDataGb: 30, regions: ['us-east-1'], ...extra },
  });
  expect(res.status).toBe(202);
  const cluster = await eventually(async () => {
    const c = await app.ctx.repos.clusters.find(name);
    return c?.status === 'ACTIVE' ? c : undefined;
  }, 60_000);
  return { cluster, nodes: await app.ctx.repos.nodes.forCluster(cluster.id) };
}

describe('retirement notices become replacements inside the maintenance window', () => {
  it('plans one replace_node in the window before the deadline, tells the owner once, and plans nothing on a second scan', async () => {
    expect(
      (await app.api('/api/teams', { method: 'POST', json: { name: 'orders', email: 'orders@example.com', chatChannel: '#orders' } }))
        .status,
    ).toBe(201);
    const { cluster, nodes } = await createCluster('orders-ring', 'orders', { maintenanceWindow: window });
    const doomed = nodes[1]!;
    const deadline = new Date(Date.now() + 7 * DAY);
    await simulated().scheduleRetirement(doomed.providerId!, deadline);

    const first = mine(await scan(), 'orders-ring');
    expect(first).toHaveLength(1);
    const opening = nextWindow(window, new Date()).opens;
    expect(first[0]).toMatchObject({
      node: doomed.name,
      reason: 'retirement',
      change: 'scheduled',
      status: 'pending',
      asap: false,
      scheduledFor: opening.toISOString(),
      deadline: deadline.toISOString(),
    });
    expect(opening.getTime()).toBeLessThan(deadline.getTime());
    const op = (await app.ctx.repos.operations.get(first[0]!.operationId))!;
    expect(op).toMatchObject({ type: 'replace_node', status: 'pending', params: { node: doomed.name, notBefore: opening.toISOString() } });

    await eventually(async () => messagesAbout(doomed.name).length === 1, 5000);
    const notice = messagesAbout(doomed.name)[0]!;
    expect(notice.path).toBe('/slack');
    expect(notice.body.channel).toBe('#orders');
    expect(String(notice.body.text)).toMatch(/Maintenance scheduled/);
    expect(String(notice.body.text)).toContain(opening.toISOString());
    expect(String(notice.body.text)).toContain(deadline.toISOString());
    const audit = await app.ctx.repos.audit.forTarget('cluster', cluster.id);
    expect(audit.filter((a) => a.action === 'maintenance.replacement.scheduled')).toHaveLength(1);
    expect(audit.some((a) => a.action === 'operation.replace_node.requested')).toBe(true);

    // Again, and twice at once: the node's replacement is planned already.
    expect(mine(await scan(), 'orders-ring')).toHaveLength(0);
    const [a, b] = await Promise.all([scan(), scan()]);
    expect([...mine(a, 'orders-ring'), ...mine(b, 'orders-ring')]).toHaveLength(0);
    expect(messagesAbout(doomed.name)).toHaveLength(1);

    const upcoming = (await (await app.api('/api/maintenance/upcoming?limit=50')).json()) as Planned[];
    expect(upcoming.filter((m) => m.cluster === 'orders-ring')).toEqual([
      expect.objectContaining({ node: doomed.name, operationId: op.id, status: 'pending' }),
    ]);
    const perCluster = (await (await app.api('/api/clusters/orders-ring/maintenance')).json()) as Planned[];
    expect(perCluster).toHaveLength(1);
    expect(perCluster[0]!.notices).toEqual([expect.objectContaining({ kind: 'scheduled', channel: '#orders', delivered: true })]);
  });

  it('two scans at once plan a newly announced retirement exactly once', async () => {
    const nodes = await app.ctx.repos.nodes.forCluster((await app.ctx.repos.clusters.find('orders-ring'))!.id);
    const next = nodes[2]!;
    await simulated().scheduleRetirement(next.providerId!, new Date(Date.now() + 8 * DAY));
    const [a, b] = await Promise.all([scan(), scan()]);
    expect([...mine(a, 'orders-ring'), ...mine(b, 'orders-ring')].map((s) => s.node)).toEqual([next.name]);
    const ops = await app.ctx.repos.operations.list({ type: 'replace_node', limit: 50 });
    expect(ops.filter((o) => o.params.node === next.name)).toHaveLength(1);
  });

  it('a deadline before the next window is met by replacing at once, which the notice says; the outcome is reported', async () => {
    const { nodes } = await createCluster('orders-ring-b', 'orders', { maintenanceWindow: window });
    const urgent = nodes[0]!;
    await simulated().scheduleRetirement(urgent.providerId!, new Date(Date.now() + 2 * HOUR));
    const [planned] = mine(await scan(), 'orders-ring-b');
    expect(planned).toMatchObject({ node: urgent.name, asap: true });
    expect(Date.parse(planned!.scheduledFor)).toBeLessThanOrEqual(Date.now());
    expect((await app.ctx.repos.operations.get(planned!.operationId))!.params.notBefore).toBeUndefined();
    await eventually(async () => messagesAbout(urgent.name).some((m) => /as soon as possible/.test(String(m.body.text))), 5000);

    const done = await eventually(async () => {
      const op = await app.ctx.repos.operations.get(planned!.operationId);
      return op && ['succeeded', 'failed'].includes(op.status) ? op : undefined;
    }, 60_000);
    expect(done.status).toBe('succeeded');
    await eventually(async () => messagesAbout(urgent.name).some((m) => /Maintenance done/.test(String(m.body.text))), 5000);
    const live = await app.ctx.repos.nodes.forCluster(done.clusterId);
    expect(live.map((n) => n.name)).not.toContain(urgent.name);
    expect(live).toHaveLength(nodes.length);
    const history = (await (await app.api('/api/clusters/orders-ring-b/maintenance')).json()) as Planned[];
    expect(history[0]).toMatchObject({
      status: 'succeeded',
      notices: [expect.objectContaining({ kind: 'scheduled' }), expect.objectContaining({ kind: 'succeeded' })],
    });
  });

  it('a newer notice with an earlier deadline moves a replacement that has not started to at once', async () => {
    const nodes = await app.ctx.repos.nodes.forCluster((await app.ctx.repos.clusters.find('orders-ring'))!.id);
    const doomed = nodes[1]!;
    await simulated().scheduleRetirement(doomed.providerId!, new Date(Date.now() + HOUR));
    const [moved] = mine(await scan(), 'orders-ring');
    expect(moved).toMatchObject({ node: doomed.name, change: 'rescheduled', asap: true });
    await eventually(async () => messagesAbout(doomed.name).some((m) => /moved earlier/.test(String(m.body.text))), 5000);
    const op = await eventually(async () => {
      const o = await app.ctx.repos.operations.get(moved!.operationId);
      return o?.status === 'succeeded' ? o : undefined;
    }, 60_000);
    expect(op.params.notBefore).toBeUndefined();
  });

  it("a simulated primary's replacement copies its data, then takes over as the one primary", async () => {
    const { cluster, nodes } = await createCluster('orders-cache', 'orders', { engine: 'redis', expectedDataGb: 2, environment: 'prod' });
    const primary = nodes.find((n) => n.role === 'primary')!;
    await simulated().scheduleRetirement(primary.providerId!, new Date(Date.now() + 3 * HOUR));
    const [planned] = mine(await scan(), 'orders-cache');
    expect(planned).toMatchObject({ node: primary.name, asap: false });
    const op = await eventually(async () => {
      const o = await app.ctx.repos.operations.get(planned!.operationId);
      return o && ['succeeded', 'failed'].includes(o.status) ? o : undefined;
    }, 60_000);
    expect(op.error).toBeNull();
    const live = await app.ctx.repos.nodes.forCluster(cluster.id);
    expect(live).toHaveLength(nodes.length);
    const primaries = live.filter((n) => n.role === 'primary');
    expect(primaries).toHaveLength(1);
    expect(nodes.map((n) => n.name)).not.toContain(primaries[0]!.name);
    expect(live.map((n) => n.name)).not.toContain(primary.name);
    // The simulated cloud agrees: the new primary reports no replication lag, as a primary.
    const seen = await simulated().observeCluster(cluster.id);
    expect(seen.get(primaries[0]!.providerId!)?.metrics.replicationLagSeconds).toBeNull();
  });
});
