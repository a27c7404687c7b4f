import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { startPageReceiver, type PageReceiver } from '../helpers/page-receiver';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';
import { runForecast } from '../../workers/forecast/forecast-job';

interface Cluster { id: string; name: string; usableCapacityGb: number; nodesPerRegion: number; instanceType: string }
interface Forecast { daysLeft: number | null; exhaustionAt: string | null; earliestAt: string | null; latestAt: string | null; atRisk: boolean; method: string; capacityGb: number; history: unknown[]; forecast: unknown[]; ops: { peakPerSecond: number; limitPerSecond: number }; sla: { p99ReadMs: number; p99Ms: number | null } }
interface Notice { thresholdDays: number; open: boolean; notifiedAt: string | null; deliveries: Array<{ channel: string; ok: boolean }> }

const DAY_MS = 86_400_000;
let app: TestApp;
let receiver: PageReceiver;
const clusters: Record<string, Cluster> = {};

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const notices = () => receiver.received.filter((r) => r.path === '/notify');
const fleetForecast = () => runForecast(app.ctx, {});
const seed = (name: string, fill: (daysAgo: number) => number) =>
  seedDailyRollups(app.ctx.pool, clusters[name]!.id, { capacityGb: clusters[name]!.usableCapacityGb, fill });
const forecastOf = async (name: string) => json<Forecast>(await app.api(`/api/clusters/${name}/forecast`));
const noticesOf = async (name: string) => json<Notice[]>(await app.api(`/api/clusters/${name}/capacity-notices`));

beforeAll(async () => {
  receiver = await startPageReceiver();
  // The api role alone: no worker backfills or rolls up metrics, so the seeded rollups are all there is.
  app = await startTestApp({ roles: ['api'], config: { notifyWebhookUrl: `${receiver.url}/notify`, capacityWarningDays: 90 } });
  await app.api('/api/teams', { method: 'POST', json: { name: 'search', email: 'search@example.com', chatChannel: '#search' } });
  const create = [
    { name: 'logs-cass', engine: 'cassandra', expectedDataGb: 100 },
    { name: 'cache-redis', engine: 'redis', expectedDataGb: 5 },
    { name: 'orders-pg', engine: 'postgres', expectedDataGb: 50 },
    { name: 'empty-pg', engine: 'postgres', expectedDataGb: 10 },
  ];
  for (const c of create) {
    const res = await app.api('/api/clusters', { method: 'POST', json: { ...c, owner: 'search', regions: ['us-east-1'] } });
    expect(res.status).toBe(202);
    clusters[c.name] = await json<Cluster>(await app.api(`/api/clusters/${c.name}`));
  }
  await seed('logs-cass', growingTowards(40));
  await seed('cache-redis', growingTowards(150));
  await seed('orders-pg', () => 0.3);
}, 60_000);
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

describe('capacity forecast of the fleet', () => {
  it('predicts exhaustion within the right window, lists the nearest first, and notifies once per crossing', async () => {
    await fleetForecast();
    const logs = await forecastOf('logs-cass');
    expect(logs.method).toBe('holt-winters');
    expect(logs.daysLeft).toBeGreaterThanOrEqual(34);
    expect(logs.daysLeft).toBeLessThanOrEqual(46);
    // A noisy history gives a band around the forecast, and the date lies within the interval's dates.
    const next = logs.forecast[0] as { lowGb: number; usedGb: number; highGb: number };
    expect(next.lowGb).toBeLessThan(next.usedGb);
    expect(next.highGb).toBeGreaterThan(next.usedGb);
    expect(Date.parse(logs.earliestAt!)).toBeLessThanOrEqual(Date.parse(logs.exhaustionAt!));
    expect(Date.parse(logs.latestAt!)).toBeGreaterThanOrEqual(Date.parse(logs.exhaustionAt!));
    expect(logs).toMatchObject({ atRisk: true, capacityGb: clusters['logs-cass']!.usableCapacityGb, sla: { p99Ms: 4 } });
    expect(logs.history).toHaveLength(120);
    expect(logs.forecast.length).toBeGreaterThan(100);
    expect(logs.ops.peakPerSecond).toBe(3000);
    expect(logs.ops.limitPerSecond).toBeGreaterThan(logs.ops.peakPerSecond);

    const redis = await forecastOf('cache-redis');
    expect(redis.daysLeft).toBeGreaterThan(120);
    expect(redis.daysLeft).toBeLessThan(180);
    expect(redis.atRisk).toBe(false);
    expect((await forecastOf('orders-pg')).daysLeft).toBeNull();

    const atRisk = await json<Array<{ cluster: string; daysLeft: number }>>(await app.api('/api/capacity/at-risk'));
    expect(atRisk.map((r) => r.cluster)).toEqual(['logs-cass', 'cache-redis']);

    // The team's channel and the platform channel, once each; a second run adds nothing.
    expect(notices().map((n) => n.body.channel).sort()).toEqual(['#datafleet-platform', '#search']);
    expect(String(notices()[0]!.body.text)).toMatch(/logs-cass.*runs out of usable disk in \d+ days.*90-day warning/);
    await fleetForecast();
    expect(notices()).toHaveLength(2);
    const [notice] = await noticesOf('logs-cass');
    expect(notice).toMatchObject({ thresholdDays: 90, open: true });
    expect(notice!.deliveries.map((d) => d.ok)).toEqual([true, true]);
    const audit = await json<Array<{ action: string }>>(await app.api('/api/clusters/logs-cass/audit'));
    expect(audit.filter((a) => a.action === 'capacity.notice.open')).toHaveLength(1);
  });

  it('re-arms once the cluster recovers, and notifies the next crossing (and a tighter threshold) anew', async () => {
    await seed('logs-cass', () => 0.5);
    await fleetForecast();
    expect((await noticesOf('logs-cass')).map((n) => n.open)).toEqual([false]);
    expect(notices()).toHaveLength(2);

    await seed('logs-cass', growingTowards(40));
    await fleetForecast();
    expect(notices()).toHaveLength(4);
    await seed('logs-cass', growingTowards(20));
    await fleetForecast();
    expect(notices()).toHaveLength(6);
    expect(String(notices()[5]!.body.text)).toMatch(/30-day warning/);
    const open = (await noticesOf('logs-cass')).filter((n) => n.open).map((n) => n.thresholdDays).sort();
    expect(open).toEqual([30, 90]);
  });
});

describe('what-if headroom', () => {
  const whatIf = (name: string, body: unknown) => app.api(`/api/clusters/${name}/forecast/what-if`, { method: 'POST', json: body });
  interface Answer { sufficientUntil: string | null; daysLeft: number | null; scaleTo: { nodes?: number; nodesPerRegion?: number; instanceType?: string; by: string } | null; message: string }

  it('more writes or more GB a day bring the date forward; partitioned engines get nodes, replicated ones an instance type', async () => {
    await seed('logs-cass', growingTowards(60));
    const base = await json<Forecast>(await app.api('/api/clusters/logs-cass/forecast', { method: 'POST' }));
    const more = await json<Answer>(await whatIf('logs-cass', { writesPercent: 30 }));
    expect(Date.parse(more.sufficientUntil!)).toBeLessThan(Date.parse(base.exhaustionAt!));
    expect(more.scaleTo!.nodesPerRegion).toBeGreaterThan(clusters['logs-cass']!.nodesPerRegion);
    expect(more.scaleTo!.nodesPerRegion! % 3).toBe(0);
    expect(Date.parse(more.scaleTo!.by)).toBeLessThanOrEqual(Date.parse(more.sufficientUntil!) - 13 * DAY_MS);
    expect(more.message).toMatch(/^sufficient until \d{4}-\d\d-\d\d .*scale to \d+ nodes/);
    const gb = await json<Answer>(await whatIf('logs-cass', { addGbPerDay: clusters['logs-cass']!.usableCapacityGb / 100 }));
    expect(gb.daysLeft!).toBeLessThan(base.daysLeft!);

    const redis = await json<Answer>(await whatIf('cache-redis', { writesPercent: 30 }));
    expect(redis.scaleTo!.instanceType).toBeTruthy();
    expect(redis.scaleTo!.instanceType).not.toBe(clusters['cache-redis']!.instanceType);
    expect(redis.scaleTo!.nodes).toBeUndefined();

    const flat = await json<Answer>(await whatIf('orders-pg', { writesPercent: 30 }));
    expect(flat).toMatchObject({ sufficientUntil: null, daysLeft: null, scaleTo: null });
    expect(flat.message).toMatch(/beyond the 365-day forecast horizon/);
  });

  it('refuses bad input with a 4xx and changes nothing', async () => {
    const state = async () => (await app.ctx.pool.query(
      `SELECT (SELECT json_agg(computed_at ORDER BY cluster_id) FROM capacity_forecasts) AS f, (SELECT count(*) FROM capacity_notices) AS n,
              (SELECT count(*) FROM audit_events) AS a`,
    )).rows[0];
    const before = await state();
    const cases: Array<[Promise<Response>, number, RegExp]> = [
      [whatIf('logs-cass', {}), 400, /must NOT have fewer than 1 properties/],
      [whatIf('logs-cass', { writesPercent: 5000 }), 400, /writesPercent/],
      [whatIf('logs-cass', { writesPercent: -95 }), 400, /writesPercent/],
      [whatIf('logs-cass', { addGbPerDay: 200_000 }), 400, /addGbPerDay/],
      [whatIf('logs-cass', { addGbPerDay: 'lots' }), 400, /addGbPerDay/],
      [whatIf('logs-cass', { writesPercent: 10, nodes: 3 }), 400, /unknown field "nodes"/],
      [whatIf('no-such-cluster', { writesPercent: 10 }), 404, /no-such-cluster/],
      [whatIf('empty-pg', { writesPercent: 10 }), 409, /0 days of metrics history; a forecast needs at least 7/],
      [app.api('/api/clusters/empty-pg/forecast'), 404, /no forecast yet for cluster empty-pg/],
      [app.api('/api/clusters/empty-pg/forecast', { method: 'POST' }), 409, /no metrics history yet/],
      [app.api('/api/clusters/no-such-cluster/forecast'), 404, /no-such-cluster/],
      [app.api('/api/clusters/no-such-cluster/capacity-notices'), 404, /no-such-cluster/],
      [app.api('/api/capacity/at-risk?limit=0'), 400, /limit/],
      [app.api('/api/capacity/at-risk?limit=many'), 400, /limit/],
      [app.api('/api/capacity/at-risk?sort=name'), 400, /unknown field "sort"/],
    ];
    for (const [response, status, message] of cases) {
      const res = await response;
      const body = await json<{ error: { message: string } }>(res);
      expect({ status: res.status, message: body.error.message }).toMatchObject({ status, message: expect.stringMatching(message) });
    }
    expect(await state()).toEqual(before);
  });

  it('queues a fleet forecast for the platform team only', async () => {
    expect((await app.api('/api/capacity/forecast', { method: 'POST' })).status).toBe(202);
    const token = await json<{ token: string }>(await app.api('/api/teams/search/tokens', { method: 'POST', json: { name: 'ci' } }));
    const refused = await app.api('/api/capacity/forecast', { method: 'POST', token: token.token });
    expect(refused.status).toBe(403);
  });
});
