import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { startPageReceiver, type PageReceiver } from '../helpers/page-receiver';

const INTERVAL_MS = 500;
let app: TestApp;
let receiver: PageReceiver;
/** The replica the first test killed and the playbook restarted. */
let restartedNode = '';

beforeAll(async () => {
  receiver = await startPageReceiver();
  const base = receiver.url;
  app = await startTestApp({
    config: { healthIntervalMs: INTERVAL_MS, pagerDutyUrl: `${base}/v2/enqueue`, slackWebhookUrl: `${base}/slack` },
  });
});
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

type Health = { state: string; nodes: Array<{ name: string; role: string; state: string }> };
const health = async () => (await (await app.api('/api/clusters/heal-cache/health')).json()) as Health;
const pidOf = (node: string) =>
  (JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', node, 'node.json'), 'utf8')) as { pid: number }).pid;
const nodeDownTriggers = () =>
  receiver.received.filter(
    (r) => r.path === '/v2/enqueue' && r.body.event_action === 'trigger' && r.body.dedup_key === 'datafleet/heal-cache/NodeDown',
  );
/** Alertmanager's word that a node is down (it is not). */
const claimNodeDown = async (node: string) => {
  const res = await app.api('/api/alerts/alertmanager', {
    method: 'POST',
    json: {
      version: '4',
      groupKey: 'g',
      status: 'firing',
      receiver: 'datafleet',
      groupLabels: {},
      commonLabels: { cluster: 'heal-cache' },
      commonAnnotations: {},
      externalURL: 'http://am',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'NodeDown', node, severity: 'critical' },
          annotations: { summary: `${node} down` },
          startsAt: new Date().toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: '',
          fingerprint: `fp-${node}`,
        },
      ],
    },
  });
  return ((await res.json()) as { outcomes: Array<{ action: string; evidence?: { detail: string } }> }).outcomes[0]!;
};

describe('alert-driven remediation on real processes', () => {
  it('restarts a SIGKILLed Redis node through the playbook; the cluster heals, data stays readable, nobody is paged', async () => {
    await app.api('/api/clusters', {
      method: 'POST',
      json: {
        name: 'heal-cache',
        engine: 'redis',
        owner: 'platform',
        expectedDataGb: 1,
        regions: ['local'],
        environment: 'prod',
        sla: { p99ReadMs: 1000, p99WriteMs: 1000, availability: 99.9 },
      },
    }); // latency a busy machine cannot miss: this is about a dead node
    await eventually(async () => (await app.ctx.repos.clusters.find('heal-cache'))?.status === 'ACTIVE', 60_000);
    await eventually(async () => (await health()).state === 'healthy', 20_000);
    const cluster = (await app.ctx.repos.clusters.find('heal-cache'))!;
    const password = await app.ctx.repos.clusters.password(cluster.id);
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const primary = nodes.find((n) => n.role === 'primary')!;
    const replica = nodes.find((n) => n.role === 'replica')!;
    const writer = new Redis({ host: primary.host!, port: primary.port!, password });
    await writer.set('invoice:7', 'sent');

    const pid = (JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', replica.name, 'node.json'), 'utf8')) as { pid: number })
      .pid;
    process.kill(pid, 'SIGKILL');

    const op = await eventually(
      async () => {
        const ops = await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'restart_node', limit: 5 });
        return ops.find((o) => o.status === 'succeeded');
      },
      30_000,
      100,
    );
    expect(op.params.node).toBe(replica.name);
    restartedNode = replica.name;
    expect(op.requestedBy).toMatch(/^playbook:restart-dead-node@1$/);
    expect(op.steps.find((s) => s.name === 'restart')?.checkpoint.restarted).toBe(true);
    expect(op.priority).toBe(1);

    await eventually(async () => (await health()).nodes.every((n) => n.state === 'healthy'), 20_000);
    const reader = new Redis({
      host: replica.host!,
      port: (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.name === replica.name)!.port!,
      password,
    });
    await eventually(async () => (await reader.get('invoice:7')) === 'sent', 10_000);
    reader.disconnect();
    writer.disconnect();

    const remediations = (await (await app.api('/api/remediations')).json()) as Array<{ status: string; playbook_id: string }>;
    expect(remediations).toHaveLength(1);
    expect(remediations[0]).toMatchObject({ status: 'succeeded', playbook_id: 'restart-dead-node' });
    expect(receiver.received).toHaveLength(0);
    expect(((await (await app.api('/api/pages')).json()) as unknown[]).length).toBe(0);
  });

  it('a real death after an unconfirmed NodeDown for the same node is still remediated (the primary: Sentinel promotes, the playbook replaces it)', async () => {
    await eventually(async () => (await health()).nodes.every((n) => n.state === 'healthy'), 30_000);
    const cluster = (await app.ctx.repos.clusters.find('heal-cache'))!;
    const primary = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!;
    const claimed = await claimNodeDown(primary.name);
    expect(claimed.action).toBe('unconfirmed');
    expect(claimed.evidence?.detail).toMatch(/answered its redis probe/);
    expect(await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'restart_node', limit: 5 })).toHaveLength(1);
    expect(cluster.failoverManager?.kind).toBe('sentinel');

    process.kill(pidOf(primary.name), 'SIGKILL');
    const op = await eventually(
      async () => {
        const ops = await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'replace_node', limit: 5 });
        return ops.find((o) => o.params.node === primary.name && o.status === 'succeeded');
      },
      60_000,
      100,
    );
    expect(op.requestedBy).toMatch(/^playbook:replace-dead-node-after-failover@1$/);
    expect(nodeDownTriggers()).toHaveLength(0);
  });

  it('the same node dying again inside the remediation window pages a person instead of being taken for a duplicate', async () => {
    await eventually(async () => (await health()).nodes.every((n) => n.state === 'healthy'), 30_000);
    const cluster = (await app.ctx.repos.clusters.find('heal-cache'))!;
    // The node the first test restarted (Sentinel has since made it the primary).
    const replica = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.name === restartedNode)!;
    // Its first death was remediated minutes ago (the first test); Alertmanager repeats the old news.
    expect((await claimNodeDown(replica.name)).action).toBe('unconfirmed');

    process.kill(pidOf(replica.name), 'SIGKILL');
    await eventually(async () => nodeDownTriggers().length === 1, 30_000, 100);
    const page = nodeDownTriggers()[0]!;
    expect(String((page.body.payload as { summary: string }).summary)).toMatch(
      /recurred within 30 min of an automatic (restart|replace)_node/,
    );
    const alerts = (await (await app.api('/api/alerts')).json()) as Array<{
      name: string;
      source: string;
      verdict: string | null;
      node: string;
    }>;
    expect(alerts.find((a) => a.source === 'health' && a.name === 'NodeDown' && a.node === replica.name)).toMatchObject({
      verdict: 'confirmed',
    });
  });
});
