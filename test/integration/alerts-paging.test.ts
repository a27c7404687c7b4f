import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';

/** A local stand-in for PagerDuty and Slack that records what it receives. */
const received: Array<{ path: string; body: Record<string, unknown> }> = [];
let receiver: Server;
let app: TestApp;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(202).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  app = await startTestApp({ roles: ['api'], config: { pagerDutyUrl: `${base}/v2/enqueue`, slackWebhookUrl: `${base}/slack` } });
  await app.api('/api/teams', {
    method: 'POST',
    json: { name: 'orders', email: 'orders@example.com', chatChannel: '#orders', pagingKey: 'orders-routing-key' },
  });
  await app.api('/api/clusters', {
    method: 'POST',
    json: { name: 'orders-db', engine: 'postgres', owner: 'orders', expectedDataGb: 10, regions: ['us-east-1'] },
  });
});
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

const webhook = (status: 'firing' | 'resolved', n: number) => ({
  version: '4',
  groupKey: '{}:{alertname="DiskSlowWrites"}',
  status,
  receiver: 'datafleet',
  groupLabels: { alertname: 'DiskSlowWrites' },
  commonLabels: { cluster: 'orders-db', severity: 'critical' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.local',
  alerts: Array.from({ length: n }, (_, i) => ({
    status,
    labels: { alertname: 'DiskSlowWrites', instance: `node-${i % 3}` },
    annotations: { summary: 'writes to disk are slow' },
    startsAt: '2026-11-22T10:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.local/graph',
    fingerprint: `fp${i % 3}`,
  })),
});

describe('alerts no playbook knows', () => {
  it('page the owning team exactly once however many duplicates arrive, and resolve the page once', async () => {
    const storm = await Promise.all(
      Array.from({ length: 20 }, () => app.api('/api/alerts/alertmanager', { method: 'POST', json: webhook('firing', 25) })),
    );
    expect(storm.every((r) => r.status === 202)).toBe(true);
    const pd = received.filter((r) => r.path === '/v2/enqueue');
    expect(pd).toHaveLength(1);
    expect(pd[0]!.body).toMatchObject({
      routing_key: 'orders-routing-key',
      event_action: 'trigger',
      dedup_key: 'datafleet/orders-db/DiskSlowWrites',
      payload: { severity: 'critical', source: 'orders-db', summary: 'writes to disk are slow' },
    });
    const slack = received.filter((r) => r.path === '/slack');
    expect(slack).toHaveLength(1);
    expect(slack[0]!.body).toMatchObject({ channel: '#orders' });
    expect(((await (await app.api('/api/alerts')).json()) as unknown[]).length).toBe(100); // every alert recorded (the list shows the latest 100)

    await app.api('/api/alerts/alertmanager', { method: 'POST', json: webhook('resolved', 3) });
    await eventually(async () => received.filter((r) => r.path === '/v2/enqueue').length === 2, 5000);
    const resolve = received.filter((r) => r.path === '/v2/enqueue')[1]!;
    expect(resolve.body).toMatchObject({ event_action: 'resolve', dedup_key: 'datafleet/orders-db/DiskSlowWrites' });
    const pages = (await (await app.api('/api/pages')).json()) as Array<{ status: string; deliveries: unknown[] }>;
    expect(pages).toHaveLength(1);
    expect(pages[0]!.status).toBe('resolved');
    expect(pages[0]!.deliveries).toHaveLength(4);
  });

  it('rejects a malformed webhook with 400 and pages nobody', async () => {
    const before = received.length;
    const bad = await app.api('/api/alerts/alertmanager', { method: 'POST', json: { version: '3', alerts: [] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/body must/);
    const plain = await app.api('/api/alerts', { method: 'POST', json: { name: 'x', cluster: 'orders-db', oops: true } });
    expect(plain.status).toBe(400);
    expect(received.length).toBe(before);
  });

  it('pages the platform team for an alert about a cluster that does not exist, and counts only delivered pages as sent', async () => {
    await app.api('/api/teams/platform', { method: 'PATCH', json: { pagingKey: 'platform-routing-key' } });
    const { credential } = (await (await app.api('/api/alert-sources', { method: 'POST', json: { name: 'alertmanager' } })).json()) as {
      credential: string;
    };
    const res = await app.api('/api/alerts', {
      method: 'POST',
      token: credential,
      json: { name: 'ReplicaLagging', cluster: 'ghost-db', severity: 'critical', summary: 'replica 40 s behind' },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ action: 'paged', unroutable: true, dedupKey: 'datafleet/ghost-db/ReplicaLagging' });
    const trigger = await eventually(
      async () => received.find((r) => r.path === '/v2/enqueue' && r.body.dedup_key === 'datafleet/ghost-db/ReplicaLagging'),
      5000,
    );
    expect(trigger.body).toMatchObject({
      routing_key: 'platform-routing-key',
      event_action: 'trigger',
      payload: { summary: expect.stringMatching(/unroutable: cluster ghost-db does not exist/) },
    });
    const pages = (await (await app.api('/api/pages')).json()) as Array<{
      alert_name: string;
      team: string;
      unroutable: boolean;
      delivery: string;
    }>;
    expect(pages.find((p) => p.alert_name === 'ReplicaLagging')).toMatchObject({
      team: 'platform',
      unroutable: true,
      delivery: 'delivered',
    });
    const summary = (await (await app.api('/api/alerts/summary')).json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ pagerConfigured: true, pagesSent: 2, pagesNotDelivered: 0, alertsUnroutable: 1 });
  });
});
