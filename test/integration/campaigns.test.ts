import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import type { CampaignView } from '../../services/campaigns/view';
import { runCli } from '../../services/cli/main';

let app: TestApp;
let teamToken: string;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

async function createClusters(
  specs: Array<{ name: string; environment: 'test' | 'prod'; availability?: number; owner?: string; engine?: string }>,
) {
  for (const s of specs) {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: {
        name: s.name,
        engine: s.engine ?? 'cassandra',
        owner: s.owner ?? 'platform',
        environment: s.environment,
        expectedDataGb: 30,
        regions: ['us-east-1'],
        ...(s.availability ? { sla: { p99ReadMs: 50, p99WriteMs: 50, availability: s.availability } } : {}),
      },
    });
    expect(res.status).toBe(202);
  }
  await eventually(
    async () => {
      const all = await Promise.all(specs.map((s) => app.ctx.repos.clusters.find(s.name)));
      return all.every((c) => c?.status === 'ACTIVE');
    },
    120_000,
    250,
  );
}

const campaign = (over: Record<string, unknown>) => ({
  name: 'c',
  engine: 'cassandra',
  toVersion: '5.0.2',
  selector: { regions: ['us-east-1'] },
  prodWaveSize: 2,
  inFlight: 2,
  soakMinutes: 0,
  failureBudget: 0,
  benchmarkSeconds: 5,
  ...over,
});
const view = async (id: string) => json<CampaignView>(await app.api(`/api/campaigns/${id}`));
const settled = (id: string) =>
  eventually(
    async () => {
      const v = await view(id);
      return ['completed', 'halted', 'cancelled'].includes(v.campaign.status) && v.counts.running === 0 ? v : undefined;
    },
    240_000,
    300,
  );

beforeAll(async () => {
  app = await startTestApp({ config: { simulatorTimeScale: 2000, campaignTickMs: 200 } });
  await app.api('/api/teams', { method: 'POST', json: { name: 'orders', email: 'orders@example.com' } });
  teamToken = (await json<{ token: string }>(await app.api('/api/teams/orders/tokens', { method: 'POST', json: { name: 'ci' } }))).token;
  await createClusters([
    { name: 'ring-test-a', environment: 'test' },
    { name: 'ring-test-b', environment: 'test', owner: 'orders' },
    { name: 'ring-prod-gold', environment: 'prod', availability: 99.99 },
    { name: 'ring-prod-bronze', environment: 'prod', availability: 99.5 },
    { name: 'ring-prod-silver', environment: 'prod', availability: 99.9, owner: 'orders' },
    // The pause/cancel campaign runs over these, so the cassandra campaigns' clusters stay on 4.1.6.
    { name: 'cache-test', environment: 'test', engine: 'redis' },
    { name: 'cache-prod-a', environment: 'prod', engine: 'redis' },
    { name: 'cache-prod-b', environment: 'prod', engine: 'redis' },
  ]);
}, 180_000);
afterAll(async () => {
  await app?.stop();
});

describe('upgrade campaigns over simulated clusters', () => {
  it('refuses bad input with a 4xx and stores nothing; only the platform team creates campaigns', async () => {
    const bad = [
      campaign({ inFlight: 0 }),
      campaign({ soakMinutes: -1 }),
      campaign({ engine: 'mongodb' }),
      campaign({ surprise: true }),
      campaign({ selector: { regions: ['us-east-1'], colour: 'red' } }),
      campaign({ toVersion: '9.9.9' }),
      campaign({ name: '' }),
      campaign({ fromVersion: '3.0.0' }),
    ];
    for (const body of bad) {
      const res = await app.api('/api/campaigns', { method: 'POST', json: body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect((await json<{ error: { code: string } }>(res)).error.code).toBeTruthy();
    }
    expect((await app.api('/api/campaigns', { method: 'POST', json: campaign({}), token: teamToken })).status).toBe(403);
    expect((await app.api('/api/campaigns/plan', { method: 'POST', json: campaign({}), token: teamToken })).status).toBe(403);
    expect(await json<unknown[]>(await app.api('/api/campaigns'))).toEqual([]);
    expect((await app.api('/api/campaigns/00000000-0000-0000-0000-000000000000/pause', { method: 'POST', json: {} })).status).toBe(404);
  });

  it('plans a dry run, test wave first then prod least critical first, storing nothing', async () => {
    const res = await app.api('/api/campaigns/plan', { method: 'POST', json: campaign({}) });
    expect(res.status).toBe(200);
    const plan = await json<{
      summary: { clusters: number; test: number; prod: number; waves: number };
      waves: Array<{ environment: string; clusters: Array<{ name: string }> }>;
    }>(res);
    expect(plan.summary).toMatchObject({ clusters: 5, test: 2, prod: 3, waves: 3 });
    expect(plan.waves.map((w) => w.environment)).toEqual(['test', 'prod', 'prod']);
    expect(plan.waves[1]!.clusters.map((c) => c.name)).toEqual(['ring-prod-bronze', 'ring-prod-silver']);
    expect(plan.waves[2]!.clusters.map((c) => c.name)).toEqual(['ring-prod-gold']);
    expect(await json<unknown[]>(await app.api('/api/campaigns'))).toEqual([]);
  });

  it('halts a campaign to the regressing 4.1.7 in its first wave, with no prod cluster touched', async () => {
    const res = await app.api('/api/campaigns', { method: 'POST', json: campaign({ name: 'to-4.1.7', toVersion: '4.1.7' }) });
    expect(res.status).toBe(201);
    const final = await settled((await json<CampaignView>(res)).campaign.id);
    expect(final.campaign.status).toBe('halted');
    expect(final.campaign.haltedReason).toMatch(/over the failure budget of 0/);
    const [test, ...prod] = final.waves;
    expect(test!.clusters.some((c) => c.status === 'rolled_back')).toBe(true);
    // The upgrade operation itself ended rolled_back (the gate worked), and still counted against the budget of 0.
    const rolledBack = test!.clusters.find((c) => c.status === 'rolled_back')!;
    const op = (await app.ctx.repos.operations.get(rolledBack.operationId!))!;
    expect(op.status).toBe('rolled_back');
    expect(op.error).toMatch(/^regression: /);
    expect(prod.flatMap((w) => w.clusters).every((c) => c.status === 'skipped' && c.operationId === null)).toBe(true);
    expect(final.failures[0]!.comparison).toMatchObject({ verdict: 'regression' });
    expect(final.progress.prod.upgraded).toBe(0);
    for (const name of ['ring-prod-gold', 'ring-prod-bronze', 'ring-prod-silver']) {
      const cluster = (await app.ctx.repos.clusters.find(name))!;
      expect(cluster.spec.version).toBe('4.1.6');
      expect(await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'upgrade', limit: 5 })).toEqual([]);
    }
  }, 300_000);

  it('pauses, resumes and cancels: nothing new starts while paused, waiting clusters are cancelled', async () => {
    const res = await app.api('/api/campaigns', {
      method: 'POST',
      json: campaign({ name: 'controlled', engine: 'redis', inFlight: 1, toVersion: '7.2.7', failureBudget: 10, soakMinutes: 60 }),
    });
    const id = (await json<CampaignView>(res)).campaign.id;
    expect(
      (await json<CampaignView>(await app.api(`/api/campaigns/${id}/pause`, { method: 'POST', json: { reason: 'lunch' } }))).campaign
        .status,
    ).toBe('paused');
    expect((await app.api(`/api/campaigns/${id}/pause`, { method: 'POST', json: {} })).status).toBe(409);
    // Passes over the paused campaign, driven here rather than hoped for after a sleep: each either
    // runs (and must start nothing) or finds a worker's own pass holding the row.
    const driver = app.services.campaignDriver;
    for (let pass = 0; pass < 5; pass += 1) await driver.tick(id);
    const paused = await view(id);
    const startedWhilePaused = paused.counts.running + paused.counts.passed + paused.counts.failed + paused.counts.rolled_back;
    expect(startedWhilePaused).toBeLessThanOrEqual(1); // the first start may have raced the pause
    expect((await app.api(`/api/campaigns/${id}/resume`, { method: 'POST' })).status).toBe(200);
    await eventually(async () => (await view(id)).counts.running > 0 || (await view(id)).counts.passed > 0, 30_000);
    const cancelled = await json<CampaignView>(await app.api(`/api/campaigns/${id}/cancel`, { method: 'POST', json: {} }));
    expect(cancelled.campaign.status).toBe('cancelled');
    const final = await settled(id);
    expect(final.counts.cancelled).toBeGreaterThanOrEqual(2);
    expect(
      final.waves
        .slice(1)
        .flatMap((w) => w.clusters)
        .every((c) => c.operationId === null),
    ).toBe(true);
    const audit = await app.ctx.pool.query<{ action: string }>('SELECT action FROM audit_events WHERE target_id = $1 ORDER BY at', [id]);
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['campaign.create', 'campaign.pause', 'campaign.resume', 'campaign.cancel']),
    );
  }, 120_000);

  it('completes a campaign to a healthy version: every cluster passed, test before prod; owners see their rows', async () => {
    const res = await app.api('/api/campaigns', {
      method: 'POST',
      json: campaign({ name: 'to-5.0.2', toVersion: '5.0.2', failureBudget: 1 }),
    });
    const final = await settled((await json<CampaignView>(res)).campaign.id);
    expect(final.campaign.status).toBe('completed');
    const all = final.waves.flatMap((w) => w.clusters);
    expect(all.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(final.progress).toMatchObject({ test: { percent: 100 }, prod: { percent: 100 } });
    const lastTest = Math.max(...final.waves[0]!.clusters.map((c) => Date.parse(c.finishedAt!)));
    const firstProd = Math.min(
      ...final.waves
        .slice(1)
        .flatMap((w) => w.clusters)
        .map((c) => Date.parse(c.startedAt!)),
    );
    expect(firstProd).toBeGreaterThanOrEqual(lastTest);
    const mine = await json<{ upgrades: Array<{ campaignName: string; status: string }> }>(
      await app.api('/api/clusters/ring-prod-silver/campaigns', { token: teamToken }),
    );
    expect(mine.upgrades.find((u) => u.campaignName === 'to-5.0.2')?.status).toBe('passed');
    expect((await app.api('/api/clusters/no-such-ring/campaigns', { token: teamToken })).status).toBe(404);
  }, 300_000);

  it('fills its in-flight slot past a cluster waiting for its maintenance window, which holds no slot', async () => {
    const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
    // A window two days from now: closed whenever this runs.
    const window = { day: days[(new Date().getUTCDay() + 2) % 7]!, start: '02:00', durationMinutes: 60, timeZone: 'UTC' };
    for (const [name, maintenanceWindow] of [
      ['west-a', window],
      ['west-b', undefined],
      ['west-c', undefined],
    ] as const) {
      const res = await app.api('/api/clusters', {
        method: 'POST',
        json: {
          name,
          engine: 'cassandra',
          owner: 'platform',
          environment: 'test',
          expectedDataGb: 30,
          regions: ['us-west-2'],
          maintenanceWindow,
        },
      });
      expect(res.status).toBe(202);
    }
    await eventually(
      async () =>
        (await Promise.all(['west-a', 'west-b', 'west-c'].map((n) => app.ctx.repos.clusters.find(n)))).every((c) => c?.status === 'ACTIVE'),
      120_000,
      250,
    );
    const res = await app.api('/api/campaigns', {
      method: 'POST',
      json: campaign({ name: 'west', selector: { regions: ['us-west-2'] }, inFlight: 1, failureBudget: 3 }),
    });
    expect(res.status).toBe(201);
    const id = (await json<CampaignView>(res)).campaign.id;
    // west-a comes first by name but waits for its window; west-b and then west-c take the one slot.
    const waiting = await eventually(
      async () => {
        const v = await view(id);
        const rows = v.waves.flatMap((w) => w.clusters);
        return rows.filter((c) => c.status === 'passed').length === 2 ? rows : undefined;
      },
      120_000,
      300,
    );
    const a = waiting.find((c) => c.name === 'west-a')!;
    expect(a.status).toBe('scheduled');
    expect(a.operationId).toBeNull();
    expect(a.reason).toMatch(/waiting for its maintenance window at /);
    const list = await json<Array<{ id: string; status: string; counts: Record<string, number> }>>(await app.api('/api/campaigns'));
    expect(list.find((c) => c.id === id)).toMatchObject({ status: 'running', counts: { scheduled: 1, passed: 2 } });
    await app.api(`/api/campaigns/${id}/cancel`, { method: 'POST', json: {} });
    expect((await settled(id)).counts).toMatchObject({ cancelled: 1, passed: 2 });
  }, 300_000);

  it('drives campaigns from the CLI: plan, list, get', async () => {
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(args, {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken },
        cwd: '/tmp',
      });
      return { code, out, err };
    };
    const plan = await run(['campaigns', 'plan', 'cli', '--engine', 'redis', '--to', '7.2.7', '--region', 'us-east-1']);
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/3 clusters \(1 test, 2 prod\) in 2 waves/);
    const list = await run(['campaigns', 'list']);
    expect(list.out).toMatch(/to-5\.0\.2 +cassandra → 5\.0\.2 +completed/);
    const id = (await json<Array<{ id: string; name: string }>>(await app.api('/api/campaigns'))).find((c) => c.name === 'to-4.1.7')!.id;
    const got = await run(['campaigns', 'get', id]);
    expect(got.out).toMatch(/status +halted/);
    expect(got.out).toMatch(/rolled_back/);
    expect((await run(['campaigns', 'plan', 'x', '--engine', 'cassandra', '--to', '5.0.2', '--in-flight', '0'])).code).toBe(2);
  });
});
