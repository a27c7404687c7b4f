import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';

interface Cluster {
  id: string;
  usableCapacityGb: number;
  nodesPerRegion: number;
  instanceType: string;
}
interface Forecast {
  daysLeft: number | null;
  exhaustionAt: string | null;
}

const DAY_MS = 86_400_000;
let app: TestApp;
const clusters: Record<string, Cluster> = {};
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
  await app.api('/api/teams', { method: 'POST', json: { name: 'search', email: 'search@example.com', chatChannel: '#search' } });
  const shapes: Array<[string, string, number, ((daysAgo: number) => number) | null]> = [
    ['logs-cass', 'cassandra', 100, growingTowards(60)],
    ['cache-redis', 'redis', 5, growingTowards(150)],
    ['orders-pg', 'postgres', 50, () => 0.3],
    ['empty-pg', 'postgres', 10, null],
  ];
  for (const [name, engine, expectedDataGb, fill] of shapes) {
    expect(
      (await app.api('/api/clusters', { method: 'POST', json: { name, engine, expectedDataGb, owner: 'search', regions: ['us-east-1'] } }))
        .status,
    ).toBe(202);
    const cluster = (clusters[name] = await json<Cluster>(await app.api(`/api/clusters/${name}`)));
    if (fill) await seedDailyRollups(app.ctx.pool, cluster.id, { capacityGb: cluster.usableCapacityGb, fill });
  }
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

describe('what-if headroom', () => {
  const whatIf = (name: string, body: unknown) => app.api(`/api/clusters/${name}/forecast/what-if`, { method: 'POST', json: body });
  interface Answer {
    sufficientUntil: string | null;
    daysLeft: number | null;
    scaleTo: { nodes?: number; nodesPerRegion?: number; instanceType?: string; by: string } | null;
    message: string;
  }

  it('more writes or more GB a day bring the date forward; partitioned engines get nodes, replicated ones an instance type', async () => {
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
    const state = async () =>
      (
        await app.ctx.pool.query(
          `SELECT (SELECT json_agg(computed_at ORDER BY cluster_id) FROM capacity_forecasts) AS f, (SELECT count(*) FROM capacity_notices) AS n,
              (SELECT count(*) FROM audit_events) AS a`,
        )
      ).rows[0];
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
