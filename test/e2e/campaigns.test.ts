import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp({ config: { simulatorTimeScale: 2000, campaignTickMs: 200, healthIntervalMs: 600_000 } });
  for (const [name, environment] of [
    ['orders-ring-test', 'test'],
    ['orders-ring-prod', 'prod'],
    ['billing-ring-prod', 'prod'],
  ] as const) {
    await app.api('/api/clusters', {
      method: 'POST',
      json: { name, engine: 'cassandra', owner: 'platform', environment, expectedDataGb: 30, regions: ['us-west-2'] },
    });
  }
  await eventually(
    async () => {
      const all = await Promise.all(
        ['orders-ring-test', 'orders-ring-prod', 'billing-ring-prod'].map((n) => app.ctx.repos.clusters.find(n)),
      );
      return all.every((c) => c?.status === 'ACTIVE');
    },
    120_000,
    250,
  );
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 900 }, onlyOrigin: app.url }));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const cells = (status: string) => page.locator(`[data-testid="matrix-cell"][data-status="${status}"]`);

describe('campaign view in a real browser', () => {
  it('follows a campaign to the regressing version live until it halts, showing the evidence', async () => {
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('no-campaigns').waitFor();
    await checkPage('campaigns-none');
    const res = await app.api('/api/campaigns', {
      method: 'POST',
      json: {
        name: 'cassandra-4.1.7',
        engine: 'cassandra',
        toVersion: '4.1.7',
        selector: { regions: ['us-west-2'] },
        inFlight: 1,
        soakMinutes: 0,
        failureBudget: 0,
        benchmarkSeconds: 1,
      },
    });
    expect(res.status).toBe(201);
    const row = page.locator('[data-testid="campaign-row"][data-name="cassandra-4.1.7"]');
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    await page.getByTestId('wave-matrix').waitFor();
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    expect(await page.getByTestId('wave-row').count()).toBe(2);
    expect(await page.locator('[data-testid="wave-row"][data-wave="0"]').getAttribute('data-environment')).toBe('test');

    // The worker runs the test wave's upgrade, the gate rolls it back, the campaign halts: the page follows without a reload.
    await expect.poll(() => page.getByTestId('campaign').getAttribute('data-status'), { timeout: 120_000 }).toBe('halted');
    await expect.poll(() => cells('rolled_back').count(), { timeout: 60_000 }).toBe(1);
    expect(await cells('rolled_back').getAttribute('data-cluster')).toBe('orders-ring-test');
    await expect.poll(() => cells('skipped').count(), { timeout: 60_000 }).toBe(2);
    expect(await page.getByTestId('halted-reason').textContent()).toMatch(/over the failure budget of 0/);
    expect(await page.getByTestId('percent-test').getAttribute('data-value')).toBe('0');
    expect(await page.getByTestId('percent-prod').getAttribute('data-value')).toBe('0');
    const failure = page.locator('[data-testid="failure"][data-cluster="orders-ring-test"]');
    await failure.waitFor({ timeout: 60_000 });
    expect(await failure.getByTestId('failure-comparison').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await failure.textContent()).toMatch(/p99 [+−][0-9.]+% .* over the 10% threshold and significant/);
    expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true);
    await checkPage('campaign-halted');
  }, 200_000);

  it('pauses and cancels a campaign from its page', async () => {
    const res = await app.api('/api/campaigns', {
      method: 'POST',
      json: {
        name: 'cassandra-5.0.2',
        engine: 'cassandra',
        toVersion: '5.0.2',
        selector: { regions: ['us-west-2'] },
        inFlight: 1,
        soakMinutes: 60,
        benchmarkSeconds: 1,
      },
    });
    const id = ((await res.json()) as { campaign: { id: string } }).campaign.id;
    await page.goto(`${app.url}/#/campaigns/${id}`);
    await page.getByTestId('pause').click();
    await expect.poll(() => page.getByTestId('campaign-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('paused');
    await page.getByTestId('resume').click();
    await expect.poll(() => page.getByTestId('campaign-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('cancel').click();
    await expect.poll(() => page.getByTestId('campaign-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('cancelled');
    await expect.poll(() => cells('cancelled').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await checkPage('campaign-cancelled');
  }, 60_000);
});
