import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';
import { buildUi } from '../../ui/build';

interface Forecast {
  daysLeft: number | null;
  exhaustionAt: string | null;
  earliestAt: string | null;
  latestAt: string | null;
  method: string;
}
interface WhatIf {
  sufficientUntil: string | null;
  scaleTo: { nodes?: number; by: string } | null;
}

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
/** What the test asks for on purpose: a what-if the server refuses, a recompute without history. */
const WHAT_IF_REFUSED = /status of 400 \(Bad Request\) \(http:\/\/[^/]+\/api\/clusters\/ledger-cass\/forecast\/what-if\)$/;
const RECOMPUTE_REFUSED = /status of 4\d\d \([\w ]+\) \(http:\/\/[^/]+\/api\/clusters\/blank-pg\/forecast\)$/;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

/** A trend that fills up in `daysToFull` days from `fillToday`, with a weekly cycle and deterministic day-to-day noise. */
const growth = (daysToFull: number, fillToday: number) => {
  const trend = growingTowards(daysToFull, fillToday, 0.01);
  const noise = (day: number) => ((Math.sin(day * 12.9898) * 43758.5453) % 1) * 0.012;
  return (daysAgo: number) => trend(daysAgo) + noise(daysAgo);
};

/** Daily usage as the rollup job would have written it: fill per day, `days` of it ending today. */
const clusters = [
  { name: 'ledger-cass', engine: 'cassandra', expectedDataGb: 100, fill: growth(40, 0.8), days: 120 },
  { name: 'session-redis', engine: 'redis', expectedDataGb: 5, fill: growth(75, 0.7), days: 120 },
  { name: 'events-es', engine: 'elasticsearch', expectedDataGb: 50, fill: growth(150, 0.5), days: 120 },
  { name: 'archive-pg', engine: 'postgres', expectedDataGb: 50, fill: () => 0.3, days: 120 },
  { name: 'fresh-pg', engine: 'postgres', expectedDataGb: 10, fill: growth(60, 0.5), days: 5 },
];

beforeAll(async () => {
  await buildUi();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 1000 } }));
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/**
 * Pixels of the chart's canvas within a small distance of a colour, as seen over the page's white
 * (the canvas itself is transparent where nothing is drawn): proof that a line or band was drawn.
 */
const pixelsLike = (p: Page, rgb: [number, number, number], chart = 'capacity-chart') =>
  p
    .getByTestId(chart)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const overWhite = (v: number, alpha: number) => v * alpha + 255 * (1 - alpha);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const alpha = data[i + 3]! / 255;
        if (alpha === 0) continue;
        const distance =
          Math.abs(overWhite(data[i]!, alpha) - r) +
          Math.abs(overWhite(data[i + 1]!, alpha) - g) +
          Math.abs(overWhite(data[i + 2]!, alpha) - b);
        if (distance < 30) count++;
      }
      return count;
    }, rgb);
const localDate = (iso: string) => page.evaluate((v) => new Date(v).toLocaleDateString(), iso);

describe('capacity in a real browser', () => {
  beforeAll(async () => {
    // The api role alone: no worker backfills or rolls up metrics, so the seeded rollups are all the history there is.
    app = await startTestApp({ roles: ['api'], config: { capacityWarningDays: 90 } });
    for (const c of clusters) {
      const res = await app.api('/api/clusters', {
        method: 'POST',
        json: { name: c.name, engine: c.engine, owner: 'platform', expectedDataGb: c.expectedDataGb, regions: ['us-east-1'] },
      });
      expect(res.status).toBe(202);
      const { id, usableCapacityGb } = await json<{ id: string; usableCapacityGb: number }>(await app.api(`/api/clusters/${c.name}`));
      await seedDailyRollups(app.ctx.pool, id, { capacityGb: usableCapacityGb, fill: c.fill, days: c.days });
    }
    // One more with no history at all: nothing to forecast.
    expect(
      (
        await app.api('/api/clusters', {
          method: 'POST',
          json: { name: 'blank-pg', engine: 'postgres', owner: 'platform', expectedDataGb: 10, regions: ['us-east-1'] },
        })
      ).status,
    ).toBe(202);
    // Every forecast but the first cluster's, which the test recomputes from the page.
    for (const c of clusters.slice(1)) expect((await app.api(`/api/clusters/${c.name}/forecast`, { method: 'POST' })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    // The page's event stream holds a connection open that the server would wait for.
    await page?.goto('about:blank');
    await app?.stop();
  });

  it('recomputes a cluster’s forecast and charts history, forecast, interval, capacity and the 90-day mark, with the headline date and a what-if', async () => {
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${app.url}/#/clusters/ledger-cass/capacity`);
    const section = page.getByTestId('capacity');
    await section.getByTestId('no-forecast').waitFor();
    expect(await section.getByTestId('no-forecast').innerText()).toContain('No forecast yet');

    await section.getByRole('button', { name: 'Recompute' }).click();
    const headline = section.getByTestId('capacity-headline');
    await headline.waitFor();
    expect(await headline.getAttribute('data-state')).toBe('exhaustion');
    const forecast = await json<Forecast>(await app.api('/api/clusters/ledger-cass/forecast'));
    expect(forecast.method).toBe('holt-winters');
    expect(forecast.daysLeft).toBeGreaterThanOrEqual(30);
    expect(forecast.daysLeft).toBeLessThanOrEqual(50);
    expect(await headline.getAttribute('data-exhaustion-at')).toBe(forecast.exhaustionAt);
    const text = await headline.innerText();
    expect(text).toContain(`Runs out around ${await localDate(forecast.exhaustionAt!)}`);
    expect(text).toContain(`between ${await localDate(forecast.earliestAt!)} and ${await localDate(forecast.latestAt!)}`);
    expect(text).toContain(`${forecast.daysLeft} days`);
    expect(await section.getByTestId('simulated').count()).toBe(1);

    // The legend names every series; the canvas has the history, the band, the capacity and the 90-day mark drawn.
    const labels = await section.locator('[data-testid="capacity-chart"] .u-legend .u-label').allTextContents();
    expect(labels).toEqual(['Time', 'Used (daily max)', 'Forecast', 'Interval high', 'Interval low', 'Usable capacity']);
    expect(await pixelsLike(page, [0x2f, 0x5f, 0xd0])).toBeGreaterThan(80); // history line
    expect(await pixelsLike(page, [0xc2, 0x3b, 0x32])).toBeGreaterThan(300); // usable capacity
    expect(await pixelsLike(page, [0xb7, 0x79, 0x1f])).toBeGreaterThan(50); // 90 days from now
    expect(await pixelsLike(page, [236, 228, 248])).toBeGreaterThan(1000); // the interval band (14% purple over white)
    expect(await section.getByTestId('ops-vs-limit').innerText()).toContain('peak 3K');
    expect(await section.getByTestId('latency-vs-sla').innerText()).toMatch(/p99 4\.0 ms .*: met/);
    await checkPage('capacity-recomputed', NO_FORECAST_YET);

    // What if: 30% more writes runs out sooner, and says what to scale to by when.
    const expected = await json<WhatIf>(
      await app.api('/api/clusters/ledger-cass/forecast/what-if', { method: 'POST', json: { writesPercent: 30 } }),
    );
    await section.getByRole('button', { name: '+30% writes' }).click();
    const answer = section.getByTestId('what-if-answer');
    await expect.poll(() => answer.getAttribute('data-sufficient-until')).toBe(expected.sufficientUntil);
    expect(Date.parse(expected.sufficientUntil!)).toBeLessThan(Date.parse(forecast.exhaustionAt!));
    expect(await answer.innerText()).toContain(`Sufficient until ${await localDate(expected.sufficientUntil!)}`);
    expect(await answer.innerText()).toContain(`scale to ${expected.scaleTo!.nodes} nodes`);
    expect(await answer.innerText()).toContain(`by ${await localDate(expected.scaleTo!.by)}`);
    await checkPage('capacity-what-if');

    // A change the server refuses shows its message and no answer.
    await section.getByTestId('what-if-writes').fill('-95');
    await section.getByTestId('what-if-gb').fill('');
    await section.getByRole('button', { name: 'Check headroom' }).click();
    await section.getByTestId('what-if-error').waitFor();
    expect(await section.getByTestId('what-if-error').innerText()).toMatch(/writesPercent/);
    expect(await answer.count()).toBe(0);
    await checkPage('capacity-what-if-refused', WHAT_IF_REFUSED);
  });

  it('says when nothing runs out within the horizon, and when there is not enough history yet', async () => {
    await page.goto(`${app.url}/#/clusters/archive-pg/capacity`);
    const none = page.getByTestId('capacity-headline');
    await none.waitFor();
    expect(await none.getAttribute('data-state')).toBe('none');
    expect(await none.innerText()).toMatch(/No exhaustion predicted within the \d+-day horizon/);

    await page.goto(`${app.url}/#/clusters/fresh-pg/capacity`);
    await expect.poll(() => page.getByTestId('capacity-headline').getAttribute('data-state')).toBe('insufficient');
    expect(await page.getByTestId('capacity-headline').innerText()).toContain('Not enough history yet');
    await checkPage('capacity-not-enough-history');

    // Without any history a recompute is refused with the server's reason, and the page stays as it was.
    await page.goto(`${app.url}/#/clusters/blank-pg/capacity`);
    await page.getByTestId('no-forecast').waitFor();
    await page.getByRole('button', { name: 'Recompute' }).click();
    await page.getByTestId('capacity-error').waitFor();
    expect(await page.getByTestId('capacity-error').innerText()).toContain('no metrics history yet');
    expect(await page.getByTestId('capacity-headline').count()).toBe(0);
    expect((await app.api('/api/clusters/blank-pg/forecast')).status).toBe(404);
    await checkPage('capacity-no-history', NO_FORECAST_YET, RECOMPUTE_REFUSED);
  });

  it('lists the clusters at risk on the fleet page, fewest days left first', async () => {
    const atRisk = await json<Array<{ cluster: string; daysLeft: number }>>(await app.api('/api/capacity/at-risk'));
    expect(atRisk.map((r) => r.cluster)).toEqual(['ledger-cass', 'session-redis', 'events-es']);

    await page.goto(`${app.url}/#/fleet`);
    const rows = page.getByRole('table', { name: 'Clusters at risk' }).getByTestId('at-risk-row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-cluster')))).toEqual(atRisk.map((r) => r.cluster));
    const days = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-days-left'))));
    expect(days).toEqual(atRisk.map((r) => r.daysLeft));
    expect(days).toEqual([...days].sort((a, b) => a - b));
    const first = await rows.first().innerText();
    expect(first).toContain('cassandra');
    expect(first).toContain('platform');
    await checkPage('capacity-at-risk');

    await rows.first().getByRole('link', { name: 'ledger-cass' }).click();
    await page.getByTestId('tab-capacity').click();
    await page.getByTestId('capacity-headline').waitFor();
    expect(await page.getByTestId('capacity-headline').getAttribute('data-state')).toBe('exhaustion');
    await checkPage('capacity-from-at-risk');
  });
});

describe('a new simulated cluster in a real browser', () => {
  let full: TestApp;
  beforeAll(async () => {
    // Worker included, rollups every half second: the cluster's history is backfilled from its usage series once it is provisioned.
    full = await startTestApp({ config: { metricsRollupEveryMs: 500 } });
  }, 60_000);
  afterAll(async () => {
    // The page's event stream holds a connection open that the server would wait for.
    await page?.goto('about:blank');
    await full?.stop();
  });

  it('charts its backfilled history and forecast, and its load against the instance limit and p99 against the SLA', async () => {
    const res = await full.api('/api/clusters', {
      method: 'POST',
      json: { name: 'orders-sim', engine: 'cassandra', owner: 'platform', expectedDataGb: 200, regions: ['us-east-1'] },
    });
    expect(res.status).toBe(202);
    await eventually(async () => (await full.ctx.repos.clusters.find('orders-sim'))?.status === 'ACTIVE', 60_000);
    await eventually(
      async () =>
        (await json<{ points: unknown[] }>(await full.api('/api/clusters/orders-sim/metrics?resolution=day'))).points.length >= 100,
      30_000,
      500,
    );

    await page.goto(`${full.url}/#token=${full.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${full.url}/#/clusters/orders-sim/capacity`);
    const section = page.getByTestId('capacity');
    await section.getByRole('button', { name: 'Recompute' }).click();
    const headline = section.getByTestId('capacity-headline');
    await headline.waitFor();
    const forecast = await json<Forecast & { historyDays: number }>(await full.api('/api/clusters/orders-sim/forecast'));
    expect(forecast.historyDays).toBeGreaterThanOrEqual(100);
    expect(await headline.getAttribute('data-state')).toBe(forecast.daysLeft === null ? 'none' : 'exhaustion');
    expect(await pixelsLike(page, [0x2f, 0x5f, 0xd0])).toBeGreaterThan(80);
    expect(await section.getByTestId('simulated').count()).toBe(1);

    for (const [chart, labels] of [
      ['ops-chart', ['Time', 'Load (daily average)', 'Instance limit']],
      ['latency-chart', ['Time', 'p99 (daily worst)', 'SLA p99']],
    ] as const) {
      await section.getByTestId(chart).locator('canvas').waitFor();
      expect(await section.locator(`[data-testid="${chart}"] .u-legend .u-label`).allTextContents()).toEqual(labels);
      // Both lines drawn: the measured one in blue, the limit in red.
      expect(await pixelsLike(page, [0x2f, 0x5f, 0xd0], chart)).toBeGreaterThan(50);
      expect(await pixelsLike(page, [0xc2, 0x3b, 0x32], chart)).toBeGreaterThan(50);
    }
    await checkPage('capacity-simulated', NO_FORECAST_YET);
  });
});
