import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { SimulatedProvider } from '../../services/providers/simulated/simulated-provider';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { healthKeys } from '../../services/health/stream';
import { startPageReceiver, type PageReceiver } from '../helpers/page-receiver';

let app: TestApp;
let receiver: PageReceiver;

beforeAll(async () => {
  receiver = await startPageReceiver();
  app = await startTestApp({ config: { healthIntervalMs: 500, pagerDutyUrl: `${receiver.url}/v2/enqueue` } });
});
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

async function createCluster(name: string, body: Record<string, unknown>) {
  const res = await app.api('/api/clusters', { method: 'POST', json: { name, owner: 'platform', ...body } });
  expect(res.status).toBe(202);
  return eventually(async () => {
    const c = await app.ctx.repos.clusters.find(name);
    return c?.status === 'ACTIVE' ? c : undefined;
  }, 60_000);
}
const alert = async (body: Record<string, unknown>) =>
  (await (await app.api('/api/alerts', { method: 'POST', json: body })).json()) as {
    action: string;
    operationId?: string;
    notBefore?: string;
    evidence?: { verdict: string; detail: string };
  };
const simulated = () => app.ctx.providers.forRegion('us-east-1') as SimulatedProvider;
const clusterHealth = async (name: string) =>
  (await (await app.api(`/api/clusters/${name}/health`)).json()) as { nodes: Array<{ name: string; state: string }> };
const nodeSnapshots = async (cluster: string, node: string) =>
  (
    (await (await app.api(`/api/clusters/${cluster}/nodes/${node}/health`)).json()) as {
      snapshots: Array<{ diskUsedPercent: number | null }>;
    }
  ).snapshots;
/** PagerDuty triggers received for a cluster (and alert): health-stream pages about sick nodes may come too. */
const pages = (cluster: string, alertName?: string) =>
  receiver.received
    .filter((r) => r.body.event_action === 'trigger' && String(r.body.dedup_key).startsWith(`datafleet/${cluster}/${alertName ?? ''}`))
    .map((r) => r.body);
const finished = (id: string) =>
  eventually(async () => {
    const op = await app.ctx.repos.operations.get(id);
    return op && ['succeeded', 'failed'].includes(op.status) ? op : undefined;
  }, 60_000);
/** A weekly window that opens tomorrow, so it is certainly closed now. */
const closedWindow = () => {
  const day = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[(new Date().getUTCDay() + 1) % 7];
  return { day, start: '03:00', durationMinutes: 60, timeZone: 'UTC' };
};

describe('playbooks beyond restart, on the simulated cloud', () => {
  it('acts only on what its own evidence confirms: replaces a node whose hardware is failing, scales a ring out under real disk pressure, and pages when the fix did not hold', async () => {
    const ring = await createCluster('ring-a', { engine: 'cassandra', expectedDataGb: 30, regions: ['us-east-1'] });
    const before = await app.ctx.repos.nodes.forCluster(ring.id);
    const sick = before[1]!;
    const full = before[0]!;
    await eventually(async () => (await clusterHealth('ring-a')).nodes.every((n) => n.state === 'healthy'), 30_000);

    // The alerts' word alone: the nodes are healthy and their disks far from full. Nothing happens.
    const claimed = await alert({
      name: 'NodeHardwareDegraded',
      cluster: 'ring-a',
      node: sick.name,
      summary: 'EDAC correctable errors rising',
    });
    expect(claimed).toMatchObject({ action: 'unconfirmed', evidence: { verdict: 'unconfirmed', checked: 'node health state' } });
    const pressure = await alert({ name: 'DiskPressure', cluster: 'ring-a', summary: 'disk 70% full' });
    expect(pressure).toMatchObject({
      action: 'unconfirmed',
      evidence: { checked: 'latest health snapshot', detail: expect.stringMatching(/under 80%/) },
    });
    expect((await app.ctx.repos.operations.list({ clusterId: ring.id, limit: 10 })).filter((o) => o.type !== 'provision')).toHaveLength(0);
    expect(await app.ctx.repos.nodes.forCluster(ring.id)).toHaveLength(before.length);
    const listed = (await (await app.api('/api/alerts')).json()) as Array<{
      name: string;
      verdict: string | null;
      evidence: { detail: string } | null;
    }>;
    expect(
      listed
        .filter((a) => a.verdict === 'unconfirmed')
        .map((a) => a.name)
        .sort(),
    ).toEqual(['DiskPressure', 'NodeHardwareDegraded']);
    expect(pages('ring-a')).toHaveLength(0);

    // The node's own figures go bad: now the platform sees it too.
    await simulated().injectFailure(sick.providerId!, 'disk_full');
    await eventually(
      async () => ['degraded', 'unhealthy'].includes((await clusterHealth('ring-a')).nodes.find((n) => n.name === sick.name)?.state ?? ''),
      30_000,
    );
    const started = await alert({
      name: 'NodeHardwareDegraded',
      cluster: 'ring-a',
      node: sick.name,
      summary: 'EDAC correctable errors rising',
    });
    expect(started).toMatchObject({ action: 'remediating', evidence: { verdict: 'confirmed' } });
    const replace = await finished(started.operationId!);
    expect(replace.status).toBe('succeeded');
    expect(replace.type).toBe('replace_node');
    expect(replace.priority).toBe(1);
    const after = await app.ctx.repos.nodes.forCluster(ring.id);
    expect(after).toHaveLength(before.length);
    expect(after.map((n) => n.name)).not.toContain(sick.name);
    const replacement = after.find((n) => !before.some((b) => b.name === n.name))!;
    expect(replacement).toMatchObject({ zone: sick.zone, role: sick.role, softwareVersion: sick.softwareVersion, state: 'running' });
    // The same alert again names a node that is gone: nothing to confirm, nothing done.
    expect((await alert({ name: 'NodeHardwareDegraded', cluster: 'ring-a', node: sick.name })).action).toBe('unconfirmed');

    await simulated().injectFailure(full.providerId!, 'disk_full');
    await eventually(async () => ((await nodeSnapshots('ring-a', full.name)).at(-1)?.diskUsedPercent ?? 0) >= 80, 30_000);
    const scaled = await alert({ name: 'DiskPressure', cluster: 'ring-a', summary: 'disk full' });
    expect(scaled).toMatchObject({
      action: 'remediating',
      evidence: { verdict: 'confirmed', detail: expect.stringMatching(new RegExp(`${full.name} reports disk \\d+(\\.\\d+)?% used`)) },
    });
    expect((await finished(scaled.operationId!)).status).toBe('succeeded');
    expect(await app.ctx.repos.nodes.forCluster(ring.id)).toHaveLength(before.length + 1);
    expect((await app.ctx.repos.clusters.find('ring-a'))!.spec.nodesPerRegion).toBe(ring.spec.nodesPerRegion + 1);

    // The disk is still full after the fix: the fix did not hold, and a person decides.
    const recurrence = await app.api('/api/alerts/alertmanager', {
      method: 'POST',
      json: {
        version: '4',
        groupKey: 'g',
        status: 'firing',
        receiver: 'datafleet',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://am',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'DiskPressure', cluster: 'ring-a' },
            annotations: { summary: 'disk still full' },
            startsAt: new Date(Date.now() - 3_600_000).toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: '',
            fingerprint: 'f1',
          },
        ],
      },
    });
    expect(((await recurrence.json()) as { outcomes: Array<{ action: string }> }).outcomes[0]!.action).toBe('guard-refused');
    await eventually(async () => pages('ring-a', 'DiskPressure').length === 1, 5000);
    expect(String((pages('ring-a', 'DiskPressure')[0]!.payload as { summary: string }).summary)).toMatch(/recurred within 30 min/);

    const summary = (await (await app.api('/api/alerts/summary')).json()) as {
      remediations: { succeeded: number };
      pagesAvoided: number;
      alertsUnconfirmed: number;
    };
    expect(summary).toMatchObject({ pagesAvoided: 2, remediations: { succeeded: 2 } });
    expect(summary.alertsUnconfirmed).toBeGreaterThanOrEqual(3);
  });

  it('holds a non-urgent replacement until the maintenance window without blocking an urgent restart behind it', async () => {
    const ring = await createCluster('ring-b', {
      engine: 'cassandra',
      expectedDataGb: 30,
      regions: ['us-east-1'],
      maintenanceWindow: closedWindow(),
    });
    const [first, second] = await app.ctx.repos.nodes.forCluster(ring.id);
    await simulated().injectFailure(first!.providerId!, 'disk_full');
    await eventually(
      async () =>
        ['degraded', 'unhealthy'].includes((await clusterHealth('ring-b')).nodes.find((n) => n.name === first!.name)?.state ?? ''),
      30_000,
    );
    const held = await alert({ name: 'NodeHardwareDegraded', cluster: 'ring-b', node: first!.name });
    expect(held.action).toBe('remediating');
    expect(Date.parse(held.notBefore!)).toBeGreaterThan(Date.now());

    await app.ctx.providers.forRegion('us-east-1').stopNode(second!.providerId!);
    const urgent = await alert({ name: 'NodeDown', cluster: 'ring-b', node: second!.name });
    expect((await finished(urgent.operationId!)).status).toBe('succeeded');
    const waiting = await app.ctx.repos.operations.get(held.operationId!);
    expect(waiting).toMatchObject({ status: 'pending', type: 'replace_node' });
    expect(await app.ctx.repos.nodes.forCluster(ring.id)).toContainEqual(expect.objectContaining({ name: first!.name }));
  });

  it('a scale-out held for the maintenance window adds no node when the disk pressure is over by the time the window opens', async () => {
    const ring = await createCluster('ring-c', {
      engine: 'cassandra',
      expectedDataGb: 30,
      regions: ['us-east-1'],
      maintenanceWindow: closedWindow(),
    });
    const nodes = await app.ctx.repos.nodes.forCluster(ring.id);
    const full = nodes[0]!;
    const diskNow = async () => (await nodeSnapshots('ring-c', full.name)).at(-1)?.diskUsedPercent ?? 0;
    await simulated().injectFailure(full.providerId!, 'disk_full');
    await eventually(async () => (await diskNow()) >= 80, 30_000);
    const held = await alert({ name: 'DiskPressure', cluster: 'ring-c', summary: 'disk full' });
    expect(held).toMatchObject({ action: 'remediating', evidence: { verdict: 'confirmed' } });
    expect(Date.parse(held.notBefore!)).toBeGreaterThan(Date.now());

    // The data is cleaned up before the window opens; then the window opens.
    await simulated().clearFailure(full.providerId!);
    await eventually(async () => (await diskNow()) < 80, 30_000);
    await app.ctx.pool.query(`UPDATE operations SET params = params - 'notBefore' WHERE id = $1`, [held.operationId]);
    await app.ctx.queue.promote(held.operationId!);

    const ended = await finished(held.operationId!);
    expect(ended).toMatchObject({ type: 'scale', status: 'succeeded' });
    expect(ended.steps[0]!.checkpoint.skipped).toMatch(
      new RegExp(
        `^DiskPressure no longer holds \\(the fullest node, \\S+, reports disk \\d+(\\.\\d+)?% used: under 80%\\): no node added$`,
      ),
    );
    expect(await app.ctx.repos.nodes.forCluster(ring.id)).toHaveLength(nodes.length);
    expect((await app.ctx.repos.clusters.find('ring-c'))!.spec.nodesPerRegion).toBe(ring.spec.nodesPerRegion);
  });
});

describe('replacing a real node', () => {
  it('a new Redis replica syncs the data from the primary before the old replica is terminated', async () => {
    const cache = await createCluster('swap-cache', { engine: 'redis', expectedDataGb: 1, regions: ['local'], environment: 'prod' });
    const password = await app.ctx.repos.clusters.password(cache.id);
    const nodes = await app.ctx.repos.nodes.forCluster(cache.id);
    const primary = nodes.find((n) => n.role === 'primary')!;
    const old = nodes.find((n) => n.role === 'replica')!;
    const writer = new Redis({ host: primary.host!, port: primary.port!, password });
    await writer.set('order:42', 'paid');
    writer.disconnect();
    // The old replica stops following its primary: its own health turns bad, which is the evidence.
    const lost = new Redis({ host: old.host!, port: old.port!, password });
    await lost.call('REPLICAOF', '127.0.0.1', '1');
    lost.disconnect();
    await eventually(
      async () =>
        ['degraded', 'unhealthy'].includes((await clusterHealth('swap-cache')).nodes.find((n) => n.name === old.name)?.state ?? ''),
      30_000,
    );

    const started = await alert({ name: 'NodeHardwareDegraded', cluster: 'swap-cache', node: old.name });
    expect((await finished(started.operationId!)).status).toBe('succeeded');
    const now = await app.ctx.repos.nodes.forCluster(cache.id);
    expect(now).toHaveLength(nodes.length);
    const fresh = now.find((n) => n.role === 'replica' && !nodes.some((b) => b.name === n.name))!;
    const reader = new Redis({ host: fresh.host!, port: fresh.port!, password });
    expect(await reader.get('order:42')).toBe('paid');
    reader.disconnect();
    const gone = new Redis({
      host: old.host!,
      port: old.port!,
      password,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    gone.on('error', () => undefined);
    await expect(gone.connect()).rejects.toThrow();
    gone.disconnect();
  });
});

describe('a node retired on purpose', () => {
  it('is not reported silent once terminated, so its replacement pages nobody', async () => {
    const nodeDowns = async () =>
      ((await app.ctx.repos.alerts.recent(500)) as Array<{ name: string; cluster: string }>).filter(
        (a) => a.cluster === 'swap-cache' && a.name === 'NodeDown',
      ).length;
    const before = await nodeDowns();
    // Past three health intervals the replaced replica's silence would have raised NodeDown. Waited
    // for on the health stream's own progress (a live node's snapshots stored four intervals on), not
    // a sleep that a busy machine's lagging aggregator could outrun.
    const cluster = (await app.ctx.repos.clusters.find('swap-cache'))!;
    const from = Date.now() + app.config.healthIntervalMs * 4;
    const redis = new Redis(app.config.redisUrl!);
    try {
      await eventually(
        async () => {
          const records = Object.values(await redis.hgetall(healthKeys(app.config.queuePrefix).nodeHealth(cluster.id)));
          return records.some((r) => (JSON.parse(r) as { lastSnapshotAt: number }).lastSnapshotAt > from);
        },
        60_000,
        100,
      );
    } finally {
      redis.disconnect();
    }
    expect(await nodeDowns()).toBe(before);
  });
});
