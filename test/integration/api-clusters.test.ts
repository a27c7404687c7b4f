import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const body = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  engine: 'cassandra',
  owner: 'platform',
  expectedDataGb: 300,
  regions: ['us-east-1'],
  environment: 'test',
  ...extra,
});

async function clusterStatus(name: string): Promise<string> {
  const res = await app.api(`/api/clusters/${name}`);
  return ((await res.json()) as { status: string }).status;
}

async function clusterCount(): Promise<number> {
  return ((await (await app.api('/api/clusters')).json()) as { total: number }).total;
}

describe('self-service cluster lifecycle (simulated region)', () => {
  it('creates a cluster with a best-practice spec, runs it to ACTIVE and shows it in the inventory', async () => {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: body('orders-store', { environment: 'prod', regions: ['us-east-1', 'eu-west-1'] }),
    });
    expect(res.status).toBe(202);
    const created = (await res.json()) as { cluster: Record<string, unknown>; operation: { id: string; type: string; steps: unknown[] } };
    expect(created.cluster).toMatchObject({ name: 'orders-store', status: 'PROVISIONING', simulated: true, engine: 'cassandra' });
    expect(created.operation.type).toBe('provision');
    expect(created.operation.steps.length).toBeGreaterThan(3);
    expect(JSON.stringify(created)).not.toMatch(/password/i);

    await eventually(async () => (await clusterStatus('orders-store')) === 'ACTIVE', 60_000);
    const detail = (await (await app.api('/api/clusters/orders-store')).json()) as {
      nodes: Array<{ state: string; simulated: boolean }>;
      nodesPerRegion: number;
      usableCapacityGb: number;
    } & Record<string, unknown>;
    expect(detail.nodes.length).toBe(detail.nodesPerRegion * 2);
    expect(detail.nodes.every((n: { state: string; simulated: boolean }) => n.state === 'running' && n.simulated)).toBe(true);
    expect(detail.nodeCount).toBe(detail.nodes.length);
    expect(detail.monthlyCostUsd).toBeGreaterThan(0);
    expect(detail.oldestNodeAt).not.toBeNull();
    // Cassandra keeps data within a third of the disk.
    expect(detail.usableCapacityGb * 2).toBeGreaterThanOrEqual(300);

    const op = (await (await app.api(`/api/operations/${created.operation.id}`)).json()) as {
      status: string;
      steps: Array<{ status: string }>;
    };
    expect(op.status).toBe('succeeded');
    expect(op.steps.every((s) => s.status === 'done')).toBe(true);

    const audit = (await (await app.api('/api/clusters/orders-store/audit')).json()) as Array<{ action: string }>;
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('cluster.create');
    expect(actions).toContain('operation.provision.running');
    expect(actions).toContain('operation.provision.succeeded');
  });

  it('filters, sorts, pages and picks fields', async () => {
    for (const [name, engine, env] of [
      ['cache-a', 'redis', 'test'],
      ['search-b', 'elasticsearch', 'prod'],
      ['cache-c', 'redis', 'prod'],
    ] as const) {
      expect(
        (await app.api('/api/clusters', { method: 'POST', json: body(name, { engine, environment: env, expectedDataGb: 10 }) })).status,
      ).toBe(202);
    }
    const redis = (await (await app.api('/api/clusters?engine=redis&sort=-name')).json()) as {
      items: Array<{ name: string }>;
      total: number;
    };
    expect(redis.total).toBe(2);
    expect(redis.items.map((c) => c.name)).toEqual(['cache-c', 'cache-a']);
    const page = (await (await app.api('/api/clusters?sort=name&limit=2&offset=1&fields=engine,status')).json()) as {
      items: Array<Record<string, unknown>>;
      total: number;
    };
    expect(page.total).toBe(4);
    expect(page.items).toHaveLength(2);
    expect(Object.keys(page.items[0]!).sort()).toEqual(['engine', 'id', 'name', 'status']);
    const prodEu = (await (await app.api('/api/clusters?environment=prod&region=eu-west-1')).json()) as { total: number };
    expect(prodEu.total).toBe(1);
    expect((await app.api('/api/clusters?sort=password')).status).toBe(400);
  });

  it('rejects bad input with a 4xx error body and creates nothing', async () => {
    const before = await clusterCount();
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [body('ok-name', { surprise: 1 }), 400, /unknown field "surprise"/],
      [body('!!'), 400, /name/],
      [body('x'), 400, /name/],
      [body('no-engine', { engine: 'mongodb' }), 400, /engine/],
      [body('no-region', { regions: ['mars-1'] }), 400, /unknown region mars-1/],
      [body('too-big', { expectedDataGb: 9_000_000_000 }), 400, /expectedDataGb/],
      [body('negative', { expectedDataGb: -5 }), 400, /expectedDataGb/],
      [body('no-owner', { owner: 'nobody' }), 400, /unknown owner/],
      [body('local-cass', { regions: ['local'] }), 400, /cannot run in region local/],
      [
        body('bad-tz', { maintenanceWindow: { day: 'sat', start: '02:00', durationMinutes: 60, timeZone: 'Mars/Olympus' } }),
        400,
        /time zone/,
      ],
      [body('orders-store'), 409, /already exists/],
    ];
    for (const [payload, status, message] of cases) {
      const res = await app.api('/api/clusters', { method: 'POST', json: payload });
      const answer = (await res.json()) as { error: { code: string; message: string } };
      expect({ name: payload.name, status: res.status }).toEqual({ name: payload.name, status });
      expect(answer.error.message).toMatch(message);
      expect(answer.error.code).toBeTruthy();
    }
    const malformed = await app.api('/api/clusters', { method: 'POST', body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(await clusterCount()).toBe(before);
  });

  it('honours Idempotency-Key: a retry returns the same cluster, another body gets 422', async () => {
    const headers = { 'idempotency-key': 'create-ledger-1' };
    const first = await app.api('/api/clusters', { method: 'POST', json: body('ledger'), headers });
    const retry = await app.api('/api/clusters', { method: 'POST', json: body('ledger'), headers });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    const [a, b] = (await Promise.all([first.json(), retry.json()])) as Array<{ cluster: { id: string }; operation: { id: string } }>;
    expect(b!.cluster.id).toBe(a!.cluster.id);
    expect(b!.operation.id).toBe(a!.operation.id);
    const other = await app.api('/api/clusters', { method: 'POST', json: body('ledger-two'), headers });
    expect(other.status).toBe(422);
  });

  it('requires tokens and keeps teams to their own clusters', async () => {
    expect((await app.api('/api/clusters', { token: null })).status).toBe(401);
    expect((await app.api('/api/clusters', { token: 'df_wrong' })).status).toBe(401);
    const team = await app.api('/api/teams', {
      method: 'POST',
      json: { name: 'payments', email: 'payments@example.com', chatChannel: '#payments' },
    });
    expect(team.status).toBe(201);
    const issued = (await (await app.api('/api/teams/payments/tokens', { method: 'POST', json: { name: 'ci' } })).json()) as {
      token: string;
    };
    const token = issued.token;
    expect((await app.api('/api/clusters', { token })).status).toBe(200);
    expect((await app.api('/api/clusters/orders-store', { method: 'DELETE', token })).status).toBe(403);
    expect((await app.api('/api/clusters', { method: 'POST', token, json: body('not-mine') })).status).toBe(403);
    expect((await app.api('/api/teams', { method: 'POST', token, json: { name: 'rogue', email: 'r@example.com' } })).status).toBe(403);
    const mine = await app.api('/api/clusters', {
      method: 'POST',
      token,
      json: body('payments-db', { engine: 'postgres', owner: 'payments@example.com', expectedDataGb: 50 }),
    });
    expect(mine.status).toBe(202);
    const patched = await app.api('/api/clusters/payments-db', {
      method: 'PATCH',
      token,
      json: {
        sla: { p99ReadMs: 5, p99WriteMs: 12, availability: 99.95 },
        maintenanceWindow: { day: 'sun', start: '03:30', durationMinutes: 90, timeZone: 'Europe/Dublin' },
      },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      sla: { p99ReadMs: 5 },
      maintenanceWindow: { day: 'sun', timeZone: 'Europe/Dublin' },
      owner: { name: 'payments' },
    });
  });

  it('decommissions: nodes destroyed, record kept as DECOMMISSIONED', async () => {
    await eventually(async () => (await clusterStatus('cache-a')) === 'ACTIVE', 60_000);
    const res = await app.api('/api/clusters/cache-a', { method: 'DELETE', json: { reason: 'no longer needed' } });
    expect(res.status).toBe(202);
    await eventually(async () => (await clusterStatus('cache-a')) === 'DECOMMISSIONED', 60_000);
    const detail = (await (await app.api('/api/clusters/cache-a')).json()) as { nodes: unknown[]; nodeCount: number };
    expect(detail.nodes).toHaveLength(0);
    expect(detail.nodeCount).toBe(0);
    expect((await app.api('/api/clusters/cache-a', { method: 'DELETE' })).status).toBe(409);
  });

  it('serves OpenAPI, readiness and Prometheus metrics with queue depths', async () => {
    const doc = (await (await fetch(`${app.url}/api/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/clusters');
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/datafleet_queue_jobs\{queue="operations",state="waiting"\}/);
    expect(metrics).toMatch(/datafleet_clusters\{engine="cassandra",status="ACTIVE"\} [1-9]/);
  });
});
