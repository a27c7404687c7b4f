import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;

beforeAll(async () => {
  // No scheduled rollup or forecast (the test app's default): what follows comes from provisioning.
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('a new simulated cluster', () => {
  it('is forecast from its backfilled history as soon as it is provisioned', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'sim-orders', engine: 'cassandra', owner: 'platform', expectedDataGb: 100, regions: ['us-east-1'] },
    });
    expect(created.status).toBe(202);
    await eventually(
      async () => ((await (await app.api('/api/clusters/sim-orders')).json()) as { status: string }).status === 'ACTIVE',
      60_000,
    );
    const res = await eventually(
      async () => {
        const r = await app.api('/api/clusters/sim-orders/forecast');
        return r.status === 200 ? r : null;
      },
      30_000,
      250,
    );
    const forecast = (await res.json()) as {
      method: string;
      historyDays: number;
      history: Array<{ usedGb: number }>;
      usedGb: number;
      capacityGb: number;
      fillNow: number;
      daysLeft: number | null;
      simulated: boolean;
    };
    expect(forecast.simulated).toBe(true);
    expect(forecast.method).toBe('holt-winters');
    expect(forecast.historyDays).toBeGreaterThanOrEqual(100);
    expect(forecast.history.length).toBe(forecast.historyDays);
    expect(forecast.fillNow).toBeCloseTo(forecast.usedGb / forecast.capacityGb, 2);
    const atRisk = (await (await app.api('/api/capacity/at-risk')).json()) as Array<{ cluster: string }>;
    expect(atRisk.some((r) => r.cluster === 'sim-orders')).toBe(forecast.daysLeft !== null);
  });
});
