import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive } from '../helpers/cluster-waits';

let app: TestApp;
beforeAll(async () => {
  // Simulated clusters arrive with metrics history, backfilled by the rollup job: run it every second.
  app = await startTestApp({ config: { clusterGaugesRefreshMs: 300, metricsRollupEveryMs: 1000 } });
});
afterAll(async () => {
  await app?.stop();
});

/** The value of one series on /metrics, or undefined when it is not there. */
async function series(name: string, labels: string): Promise<string | undefined> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return text
    .split('\n')
    .find((line) => line.startsWith(`${name}{${labels}} `))
    ?.split(' ')[1];
}

describe('per-cluster gauges on /metrics', () => {
  it("show each live cluster's health score, fill and days left, labelled by cluster, engine and team, and drop a decommissioned one", async () => {
    expect((await app.api('/api/teams', { method: 'POST', json: { name: 'search', email: 'search@example.com' } })).status).toBe(201);
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'search-cache', engine: 'redis', owner: 'search', expectedDataGb: 10, regions: ['us-east-1'] },
    });
    expect(created.status).toBe(202);
    await untilActive(app, 'search-cache');
    const labels = 'cluster="search-cache",engine="redis",team="search"';

    // Scored by the health stream (the simulated nodes answer): healthy is 80 or more.
    const score = await eventually(() => series('datafleet_cluster_health_score', labels), 60_000);
    expect(Number(score)).toBeGreaterThanOrEqual(80);

    // Without a forecast there is no fill or days left (the fleet's scheduled forecast may already
    // have run for it by now). Then a forecast from the history the cluster arrived with.
    const hadForecast = (await app.api('/api/clusters/search-cache/forecast')).status === 200;
    if (!hadForecast) expect(await series('datafleet_cluster_capacity_days_left', labels)).toBeUndefined();
    const forecast = await eventually(async () => {
      const answer = (await (await app.api('/api/clusters/search-cache/forecast', { method: 'POST' })).json()) as {
        historyDays?: number;
        daysLeft: number | null;
        fillNow: number;
      };
      return (answer.historyDays ?? 0) >= 7 && answer;
    }, 60_000);
    expect(forecast.fillNow).toBeGreaterThan(0);
    // The gauges follow the cluster's latest forecast (the fleet's scheduled pass may store a newer
    // one than the test's at any moment): both match the one the API shows as latest.
    const fill = await eventually(async () => {
      const latest = (await (await app.api('/api/clusters/search-cache/forecast')).json()) as { daysLeft: number | null; fillNow: number };
      const daysLeft = await series('datafleet_cluster_capacity_days_left', labels);
      const shownFill = Number(await series('datafleet_cluster_fill_ratio', labels));
      const same =
        daysLeft === (latest.daysLeft === null ? '+Inf' : String(latest.daysLeft)) && Math.abs(shownFill - latest.fillNow) < 0.005;
      return same && shownFill;
    }, 30_000);
    expect(fill).toBeGreaterThan(0);

    const deleted = await app.api('/api/clusters/search-cache', { method: 'DELETE', json: {} });
    expect(deleted.status).toBe(202);
    await eventually(async () => (await series('datafleet_cluster_health_score', labels)) === undefined, 30_000);
    expect(await series('datafleet_cluster_fill_ratio', labels)).toBeUndefined();
  });
});
