import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';

const INTERVAL_MS = 500;
let app: TestApp;
let receiver: Server;
const pagesReceived: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    pagesReceived.push(req.url ?? '');
    req.resume();
    res.writeHead(202).end('{}');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  app = await startTestApp({ config: { healthIntervalMs: INTERVAL_MS, pagerDutyUrl: `${base}/v2/enqueue`, slackWebhookUrl: `${base}/slack` } });
});
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

type Health = { state: string; nodes: Array<{ name: string; role: string; state: string }> };
const health = async () => (await (await app.api('/api/clusters/heal-cache/health')).json()) as Health;

describe('alert-driven remediation on real processes', () => {
  it('restarts a SIGKILLed Redis node through the playbook; the cluster heals, data stays readable, nobody is paged', async () => {
    await app.api('/api/clusters', { method: 'POST', json: { name: 'heal-cache', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'prod', sla: { p99ReadMs: 1000, p99WriteMs: 1000, availability: 99.9 } } }); // latency a busy machine cannot miss: this is about a dead node
    await eventually(async () => (await app.ctx.repos.clusters.find('heal-cache'))?.status === 'ACTIVE', 60_000);
    await eventually(async () => (await health()).state === 'healthy', 20_000);
    const cluster = (await app.ctx.repos.clusters.find('heal-cache'))!;
    const password = await app.ctx.repos.clusters.password(cluster.id);
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const primary = nodes.find((n) => n.role === 'primary')!;
    const replica = nodes.find((n) => n.role === 'replica')!;
    const writer = new Redis({ host: primary.host!, port: primary.port!, password });
    await writer.set('invoice:7', 'sent');

    const pid = (JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', replica.name, 'node.json'), 'utf8')) as { pid: number }).pid;
    process.kill(pid, 'SIGKILL');

    const op = await eventually(async () => {
      const ops = await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'restart_node', limit: 5 });
      return ops.find((o) => o.status === 'succeeded');
    }, 30_000, 100);
    expect(op.params.node).toBe(replica.name);
    expect(op.requestedBy).toMatch(/^playbook:restart-dead-node@1$/);
    expect(op.steps.find((s) => s.name === 'restart')?.checkpoint.restarted).toBe(true);
    expect(op.priority).toBe(1);

    await eventually(async () => (await health()).nodes.every((n) => n.state === 'healthy'), 20_000);
    const reader = new Redis({ host: replica.host!, port: (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.name === replica.name)!.port!, password });
    await eventually(async () => (await reader.get('invoice:7')) === 'sent', 10_000);
    reader.disconnect();
    writer.disconnect();

    const remediations = (await (await app.api('/api/remediations')).json()) as Array<{ status: string; playbook_id: string }>;
    expect(remediations).toHaveLength(1);
    expect(remediations[0]).toMatchObject({ status: 'succeeded', playbook_id: 'restart-dead-node' });
    expect(pagesReceived).toHaveLength(0);
    expect(((await (await app.api('/api/pages')).json()) as unknown[]).length).toBe(0);
  });
});
