import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { startPageReceiver, type PageReceiver } from '../helpers/page-receiver';

let app: TestApp;
let receiver: PageReceiver;
let names: string[] = [];
const pages = () => receiver.received.filter((r) => r.path === '/v2/enqueue').map((r) => r.body);

beforeAll(async () => {
  receiver = await startPageReceiver();
  const base = receiver.url;
  // Health snapshots rarely: the only alerts are the ones the test sends.
  app = await startTestApp({ config: { pagerDutyUrl: `${base}/v2/enqueue`, remediationsPerClusterPerHour: 2, healthIntervalMs: 600_000 } });
  await app.api('/api/clusters', {
    method: 'POST',
    json: { name: 'flappy-db', engine: 'cassandra', owner: 'platform', expectedDataGb: 10, regions: ['us-east-1'] },
  });
  await eventually(async () => (await app.ctx.repos.clusters.find('flappy-db'))?.status === 'ACTIVE', 60_000);
  // Three nodes really down: a playbook acts only on what its own probe confirms.
  const nodes = await app.ctx.repos.nodes.forCluster((await app.ctx.repos.clusters.find('flappy-db'))!.id);
  names = nodes.slice(0, 3).map((n) => n.name);
  for (const n of nodes.slice(0, 3)) await app.ctx.providers.forRegion(n.region).stopNode(n.providerId!);
});
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

const nodeDown = (node: string) => ({
  name: 'NodeDown',
  cluster: 'flappy-db',
  node,
  severity: 'critical',
  summary: `${node} does not answer`,
});

describe('remediation guards', () => {
  it('start one remediation per problem however many duplicates, and page instead once the hourly limit is reached', async () => {
    const [n1, n2, n3] = names as [string, string, string];
    const storm = await Promise.all(Array.from({ length: 30 }, () => app.api('/api/alerts', { method: 'POST', json: nodeDown(n1) })));
    const outcomes = (await Promise.all(storm.map((r) => r.json()))) as Array<{ action: string }>;
    expect(outcomes.filter((o) => o.action === 'remediating')).toHaveLength(1);
    expect(outcomes.filter((o) => o.action === 'already-remediating')).toHaveLength(29);

    expect(((await (await app.api('/api/alerts', { method: 'POST', json: nodeDown(n2) })).json()) as { action: string }).action).toBe(
      'remediating',
    );
    const third = (await (await app.api('/api/alerts', { method: 'POST', json: nodeDown(n3) })).json()) as { action: string };
    expect(third.action).toBe('guard-refused');
    await eventually(async () => pages().length === 1, 5000);
    expect(String((pages()[0]!.payload as { summary: string }).summary)).toMatch(
      /not remediated automatically: 2 automatic remediations on flappy-db/,
    );
    const ops = await app.ctx.repos.operations.list({ type: 'restart_node', limit: 10 });
    expect(ops).toHaveLength(2);
    expect(ops.every((o) => o.priority === 1)).toBe(true);
  });

  it("keeps the cluster's NodeDown page open while the health stream still sees another node down", async () => {
    const [, n2, n3] = names as [string, string, string];
    const cluster = (await app.ctx.repos.clusters.find('flappy-db'))!;
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const redis = new Redis(app.config.redisUrl!);
    const health = app.services.healthAlerts;
    const change = (name: string, fromState: 'healthy' | 'unhealthy', toState: 'healthy' | 'unhealthy') => ({
      targetType: 'node' as const,
      targetId: nodes.find((n) => n.name === name)!.id,
      clusterId: cluster.id,
      fromState,
      toState,
      score: toState === 'healthy' ? 100 : 0,
      causes: toState === 'healthy' ? [] : [`node down: ${name} refused the connection`],
      nodeName: name,
    });
    const nodeDownPage = async () =>
      ((await (await app.api('/api/pages')).json()) as Array<{ dedup_key: string; status: string }>).find(
        (p) => p.dedup_key === 'datafleet/flappy-db/NodeDown',
      );
    expect((await nodeDownPage())?.status).toBe('triggered'); // opened when the hourly limit refused n3

    await health.raise([change(n2, 'healthy', 'unhealthy'), change(n3, 'healthy', 'unhealthy')]);
    await health.raise([change(n2, 'unhealthy', 'healthy')]);
    // n2 is back, n3 is not: the person paged about NodeDown on flappy-db must stay paged.
    expect((await nodeDownPage())?.status).toBe('triggered');
    expect(pages().filter((p) => p.event_action === 'resolve')).toHaveLength(0);

    await health.raise([change(n3, 'unhealthy', 'healthy')]);
    expect((await nodeDownPage())?.status).toBe('resolved');
    await eventually(
      async () => pages().filter((p) => p.event_action === 'resolve' && p.dedup_key === 'datafleet/flappy-db/NodeDown').length === 1,
      5000,
    );
    redis.disconnect();
  });
});
