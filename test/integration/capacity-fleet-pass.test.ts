import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { startPageReceiver, type PageReceiver } from '../helpers/page-receiver';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';
import { emptyStats } from '../../services/capacity/capacity-service';

/** Five clusters fill within 40 days (each crosses the 90-day threshold), two never fill. */
const shapes = [40, 0, 40, 40, 0, 40, 40].map((daysToFull, i) => ({ name: `pass-${i}`, daysToFull }));
const growing = shapes.filter((s) => s.daysToFull > 0).map((s) => s.name);

let app: TestApp;
let receiver: PageReceiver;
const idOf: Record<string, string> = {};

const notified = () => receiver.received.filter((r) => r.path === '/notify');
const storedForecasts = async () =>
  (
    await app.ctx.pool.query<Record<string, unknown>>(
      `SELECT cluster_id, method, history_days, last_bucket, fill_now, used_gb, capacity_gb, daily_growth_gb, exhaustion_at, earliest_at,
              latest_at, days_left, ops_peak_per_s, ops_limit_per_s, ops_limit_at, p99_observed_ms, points::text
         FROM capacity_forecasts ORDER BY cluster_id`,
    )
  ).rows;
const openNotices = async () =>
  (
    await app.ctx.pool.query<{ cluster_id: string; deliveries: Array<{ ok: boolean }> }>(
      'SELECT cluster_id, deliveries FROM capacity_notices WHERE cleared_at IS NULL ORDER BY cluster_id',
    )
  ).rows;

beforeAll(async () => {
  receiver = await startPageReceiver();
  // The api role alone: no worker rolls up metrics, so the seeded rollups are all there is.
  app = await startTestApp({ roles: ['api'], config: { notifyWebhookUrl: `${receiver.url}/notify`, capacityWarningDays: 90 } });
  await app.api('/api/teams', { method: 'POST', json: { name: 'feeds', email: 'feeds@example.com', chatChannel: '#feeds' } });
  for (const { name, daysToFull } of shapes) {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name, engine: 'cassandra', expectedDataGb: 100, owner: 'feeds', regions: ['us-east-1'] },
    });
    expect(res.status).toBe(202);
    const cluster = (await (await app.api(`/api/clusters/${name}`)).json()) as { id: string; usableCapacityGb: number };
    idOf[name] = cluster.id;
    await seedDailyRollups(app.ctx.pool, cluster.id, {
      capacityGb: cluster.usableCapacityGb,
      fill: daysToFull > 0 ? growingTowards(daysToFull) : () => 0.3,
    });
  }
}, 90_000);
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

describe('the fleet forecast pass in batches', () => {
  it('stores and notifies the rest of a batch when the database refuses one cluster of it', async () => {
    const capacity = app.services.capacity;
    const stats = emptyStats();
    const page = (await capacity.readPage(null, 100))!;
    const records = capacity.fitPage(page, stats);
    expect(records).toHaveLength(shapes.length);
    // A cluster gone since the page was read: its row breaks the batch's foreign key.
    const gone = { ...records[0]!, clusterId: randomUUID() };
    records.splice(3, 0, gone);

    const stored = await capacity.storePage(page, records, stats);

    expect(stored.map((r) => r.clusterId).sort()).toEqual(Object.values(idOf).sort());
    expect((await storedForecasts()).map((r) => r.cluster_id).sort()).toEqual(Object.values(idOf).sort());
    const open = await openNotices();
    expect(open.map((n) => n.cluster_id).sort()).toEqual(growing.map((name) => idOf[name]).sort());
    expect(open.every((n) => n.deliveries.length === 2 && n.deliveries.every((d) => d.ok))).toBe(true);
    // The owner's channel and the platform channel, once per crossing.
    expect(notified()).toHaveLength(2 * growing.length);
    expect(stats).toMatchObject({ forecast: shapes.length, noticesOpened: growing.length });
  });

  it('stores the same forecasts whatever the batch size, and tells nobody twice', async () => {
    const capacity = app.services.capacity;
    const before = await storedForecasts();

    const inPairs = await capacity.forecastFleet(2);
    expect(inPairs).toMatchObject({ clusters: shapes.length, forecast: shapes.length, noticesOpened: 0, noticesCleared: 0 });
    expect(await storedForecasts()).toEqual(before);

    const whole = await capacity.forecastFleet(1000);
    expect(whole).toMatchObject({ clusters: shapes.length, forecast: shapes.length, atRisk: growing.length });
    expect(await storedForecasts()).toEqual(before);
    expect(notified()).toHaveLength(2 * growing.length);
  });

  it('re-arms and notifies again in small batches exactly as in one', async () => {
    await app.ctx.pool.query('UPDATE capacity_notices SET cleared_at = now() WHERE cleared_at IS NULL');
    const stats = await app.services.capacity.forecastFleet(3);
    expect(stats).toMatchObject({ clusters: shapes.length, noticesOpened: growing.length });
    expect(notified()).toHaveLength(4 * growing.length);
    const open = await openNotices();
    expect(open.map((n) => n.cluster_id).sort()).toEqual(growing.map((name) => idOf[name]).sort());
    expect(open.every((n) => n.deliveries.length === 2 && n.deliveries.every((d) => d.ok))).toBe(true);
  });
});
