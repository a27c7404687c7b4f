import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { runCli } from '../../services/cli/main';

/**
 * Who may send alerts. No pager is configured here: pages are recorded, not delivered. Health
 * snapshots are rare so the only alerts are the ones the test sends.
 */
let app: TestApp;
let ordersToken: string;
let billingToken: string;

const issueToken = async (team: string) =>
  ((await (await app.api(`/api/teams/${team}/tokens`, { method: 'POST', json: { name: `${team}-ci` } })).json()) as { token: string })
    .token;
const webhook = (alerts: Array<{ alertname: string; cluster?: string; node?: string }>) => ({
  version: '4',
  groupKey: 'g',
  status: 'firing',
  receiver: 'datafleet',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://am',
  alerts: alerts.map((labels, i) => ({
    status: 'firing',
    labels,
    annotations: { summary: `${labels.alertname} on ${labels.node ?? labels.cluster}` },
    startsAt: new Date().toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: '',
    fingerprint: `f${i}`,
  })),
});
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details: unknown } }).error;

beforeAll(async () => {
  app = await startTestApp({ config: { healthIntervalMs: 600_000 } });
  for (const team of ['orders', 'billing'])
    await app.api('/api/teams', { method: 'POST', json: { name: team, email: `${team}@example.com` } });
  ordersToken = await issueToken('orders');
  billingToken = await issueToken('billing');
  for (const [name, owner] of [
    ['orders-ring', 'orders'],
    ['billing-ring', 'billing'],
  ] as const) {
    await app.api('/api/clusters', {
      method: 'POST',
      json: { name, engine: 'cassandra', owner, expectedDataGb: 10, regions: ['us-east-1'] },
    });
  }
  await eventually(
    async () =>
      (await app.ctx.repos.clusters.find('orders-ring'))?.status === 'ACTIVE' &&
      (await app.ctx.repos.clusters.find('billing-ring'))?.status === 'ACTIVE',
    60_000,
  );
});
afterAll(async () => {
  await app?.stop();
});

describe('alert intake authorization', () => {
  it("refuses another team's alert with 403, audits it, and changes nothing even for a node that is really down", async () => {
    const cluster = (await app.ctx.repos.clusters.find('orders-ring'))!;
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const victim = nodes[0]!;
    // The node is really down: had the alert been admitted, the playbook would restart it.
    await app.ctx.providers.forRegion(victim.region).stopNode(victim.providerId!);
    const opsBefore = await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 });
    const alertsBefore = (await app.ctx.repos.alerts.recent(1000)).length;

    const plain = await app.api('/api/alerts', {
      method: 'POST',
      token: billingToken,
      json: { name: 'NodeDown', cluster: 'orders-ring', node: victim.name, severity: 'critical' },
    });
    expect(plain.status).toBe(403);
    expect(await errorOf(plain)).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/team billing may not raise alerts about cluster orders-ring/),
    });
    const batch = await app.api('/api/alerts/alertmanager', {
      method: 'POST',
      token: billingToken,
      json: webhook([{ alertname: 'NodeDown', cluster: 'orders-ring', node: victim.name }]),
    });
    expect(batch.status).toBe(403);
    expect((await errorOf(batch)).details).toMatchObject({ outcomes: [{ alert: 'NodeDown', cluster: 'orders-ring', status: 403 }] });

    expect(await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).toHaveLength(opsBefore.length);
    expect(await app.ctx.repos.nodes.forCluster(cluster.id)).toHaveLength(nodes.length);
    expect((await app.ctx.providers.forRegion(victim.region).describeNode(victim.providerId!))?.state).toBe('stopped');
    expect(await app.ctx.repos.alerts.recent(1000)).toHaveLength(alertsBefore);
    expect(await app.ctx.repos.remediations.recent()).toHaveLength(0);
    const audit = await app.ctx.repos.audit.forTarget('cluster', cluster.id);
    const refused = audit.filter((e) => e.action === 'alert.refused');
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({ actor: 'billing/billing-ci', reason: expect.stringMatching(/belongs to team orders/) });

    // The owning team may raise it: the node is confirmed down and restarted.
    const own = await app.api('/api/alerts', {
      method: 'POST',
      token: ordersToken,
      json: { name: 'NodeDown', cluster: 'orders-ring', node: victim.name, severity: 'critical' },
    });
    expect(own.status).toBe(202);
    expect(await own.json()).toMatchObject({ action: 'remediating', evidence: { verdict: 'confirmed', checked: 'fresh probe' } });
  });

  it('decides each alert of a batch on its own, and answers 404 to a team naming a cluster that does not exist', async () => {
    const mixed = await app.api('/api/alerts/alertmanager', {
      method: 'POST',
      token: billingToken,
      json: webhook([
        { alertname: 'DiskSlowWrites', cluster: 'billing-ring' },
        { alertname: 'DiskSlowWrites', cluster: 'orders-ring' },
      ]),
    });
    expect(mixed.status).toBe(202);
    const body = (await mixed.json()) as {
      received: number;
      refused: number;
      outcomes: Array<{ accepted: boolean; action: string; status?: number }>;
    };
    expect(body).toMatchObject({ received: 1, refused: 1 });
    expect(body.outcomes[0]).toMatchObject({ accepted: true, action: 'page-recorded' });
    expect(body.outcomes[1]).toMatchObject({ accepted: false, action: 'refused', status: 403 });

    const before = (await app.ctx.repos.alerts.recent(1000)).length;
    const unknown = await app.api('/api/alerts', {
      method: 'POST',
      token: billingToken,
      json: { name: 'NodeDown', cluster: 'no-such-ring', node: 'x' },
    });
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatchObject({ code: 'not_found', message: expect.stringMatching(/no-such-ring does not exist/) });
    expect(await app.ctx.repos.alerts.recent(1000)).toHaveLength(before);
  });
});

describe('alert-source credentials', () => {
  let credential: string;

  it('are issued by the platform team only, and audited', async () => {
    const denied = await app.api('/api/alert-sources', { method: 'POST', token: ordersToken, json: { name: 'alertmanager-prod' } });
    expect(denied.status).toBe(403);
    expect((await errorOf(denied)).code).toBe('forbidden');
    expect((await app.api('/api/alert-sources', { token: ordersToken })).status).toBe(403);
    expect((await app.api('/api/alert-sources', { method: 'POST', json: { name: 'Bad Name!' } })).status).toBe(400);

    const created = await app.api('/api/alert-sources', { method: 'POST', json: { name: 'alertmanager-prod' } });
    expect(created.status).toBe(201);
    const issued = (await created.json()) as { source: { id: string; name: string; lastUsedAt: string | null }; credential: string };
    expect(issued.credential).toMatch(/^dfas_/);
    expect(issued.source).toMatchObject({ name: 'alertmanager-prod', lastUsedAt: null });
    credential = issued.credential;
    expect((await app.api('/api/alert-sources', { method: 'POST', json: { name: 'alertmanager-prod' } })).status).toBe(409);
    const stored = await app.ctx.pool.query<{ token_hash: string }>('SELECT token_hash FROM alert_sources');
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(credential);
    expect((await app.ctx.repos.audit.forTarget('alert-source', issued.source.id))[0]).toMatchObject({ action: 'alert-source.create' });
  });

  it('send alerts about any cluster; an unknown cluster is recorded as unroutable and paged to the platform team', async () => {
    const res = await app.api('/api/alerts/alertmanager', {
      method: 'POST',
      token: credential,
      json: webhook([
        { alertname: 'DiskSlowWrites', cluster: 'orders-ring' },
        { alertname: 'ReplicaLagging', cluster: 'ghost-db' },
      ]),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { outcomes: Array<{ action: string; unroutable?: boolean }> };
    expect(body.outcomes[0]).toMatchObject({ action: 'page-recorded' });
    expect(body.outcomes[1]).toMatchObject({ action: 'page-recorded', unroutable: true });
    const pages = (await (await app.api('/api/pages')).json()) as Array<{
      alert_name: string;
      team: string;
      unroutable: boolean;
      delivery: string;
      summary: string;
    }>;
    expect(pages.find((p) => p.alert_name === 'ReplicaLagging')).toMatchObject({
      team: 'platform',
      unroutable: true,
      delivery: 'no_pager',
      summary: expect.stringMatching(/ghost-db does not exist/),
    });
    const alerts = (await (await app.api('/api/alerts')).json()) as Array<{ name: string; sender: string; unroutable: boolean }>;
    expect(alerts.find((a) => a.name === 'ReplicaLagging')).toMatchObject({ sender: 'alert-source:alertmanager-prod', unroutable: true });
    const listed = (await (await app.api('/api/alert-sources')).json()) as Array<{ name: string; lastUsedAt: string | null }>;
    expect(listed[0]!.lastUsedAt).not.toBeNull();
  });

  it('are refused on every other route', async () => {
    for (const [method, path] of [
      ['GET', '/api/clusters'],
      ['GET', '/api/alerts'],
      ['GET', '/api/me'],
      ['DELETE', '/api/clusters/orders-ring'],
      ['POST', '/api/alert-sources'],
    ] as const) {
      const res = await app.api(path, { method, token: credential, ...(method === 'POST' ? { json: { name: 'sneaky' } } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await errorOf(res)).message).toMatch(/may only send alerts/);
    }
    expect((await app.ctx.repos.clusters.find('orders-ring'))?.status).toBe('ACTIVE');
    expect((await app.ctx.repos.audit.forTarget('route', 'DELETE /api/clusters/orders-ring'))[0]).toMatchObject({
      actor: 'alert-source:alertmanager-prod',
      action: 'alert-source.refused',
    });
    const docs = (await (await app.api('/api/docs/json', { token: null })).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/alert-sources', '/api/alert-sources/{ref}']));
  });

  it('stop working at once when revoked (401), through the CLI too', async () => {
    let out = '';
    const env = { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken };
    expect(await runCli(['alert-sources', 'create', 'alertmanager-staging'], { stdout: (t) => (out += t), env })).toBe(0);
    const staging = out.trim();
    expect(staging).toMatch(/^dfas_/);
    out = '';
    expect(await runCli(['alert-sources', 'list'], { stdout: (t) => (out += t), env })).toBe(0);
    expect(out).toMatch(/alertmanager-staging\s+active/);
    expect(await runCli(['alert-sources', 'revoke', 'alertmanager-staging', '--reason', 'rotated'], { stdout: () => undefined, env })).toBe(
      0,
    );
    const refused = await app.api('/api/alerts', {
      method: 'POST',
      token: staging,
      json: { name: 'DiskSlowWrites', cluster: 'orders-ring' },
    });
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe('unauthenticated');

    const revoked = await app.api('/api/alert-sources/alertmanager-prod?reason=leaked', { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect(
      (await app.api('/api/alerts', { method: 'POST', token: credential, json: { name: 'DiskSlowWrites', cluster: 'orders-ring' } }))
        .status,
    ).toBe(401);
    expect((await app.api('/api/alert-sources/alertmanager-prod', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('pages with no pager configured', () => {
  it('are recorded, not delivered, and counted apart from pages sent', async () => {
    const summary = (await (await app.api('/api/alerts/summary')).json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ pagerConfigured: false, pagesSent: 0, alertsUnroutable: 1 });
    expect(summary.pagesNotDelivered).toBeGreaterThanOrEqual(2);
    const pages = (await (await app.api('/api/pages')).json()) as Array<{ delivery: string; deliveries: unknown[] }>;
    expect(pages.every((p) => p.delivery === 'no_pager' && p.deliveries.length === 0)).toBe(true);
  });
});
