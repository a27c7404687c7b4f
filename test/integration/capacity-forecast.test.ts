import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { startPageReceiver, type PageReceiver } from '../helpers/page-receiver';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';
import { runForecast } from '../../services/capacity/forecast-job';

interface Cluster {
  id: string;
  usableCapacityGb: number;
}
interface Forecast {
  daysLeft: number | null;
  exhaustionAt: string | null;
  earliestAt: string | null;
  latestAt: string | null;
  atRisk: boolean;
  method: string;
  capacityGb: number;
  history: unknown[];
  forecast: unknown[];
  ops: { peakPerSecond: number; limitPerSecond: number };
  sla: { p99ReadMs: number; p99Ms: number | null };
}
interface Notice {
  thresholdDays: number;
  open: boolean;
  notifiedAt: string | null;
  deliveries: Array<{ channel: string; ok: boolean }>;
}

let app: TestApp;
let receiver: PageReceiver;
const clusters: Record<string, Cluster> = {};

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const notices = () => receiver.received.filter((r) => r.path === '/notify');
const fleetForecast = () => runForecast(app.services.capacity, app.ctx.logger, {});
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
    expect(
      notices()
        .map((n) => n.body.channel)
        .sort(),
    ).toEqual(['#datafleet-platform', '#search']);
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
    const open = (await noticesOf('logs-cass'))
      .filter((n) => n.open)
      .map((n) => n.thresholdDays)
      .sort();
    expect(open).toEqual([30, 90]);
  });
});
