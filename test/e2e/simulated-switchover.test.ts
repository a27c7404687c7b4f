import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { untilActive } from '../helpers/cluster-waits';
import { buildUi } from '../../ui/build';

/*
 * A simulated prod PostgreSQL cluster's page offers the planned switchover through the HA manager
 * the simulated cloud models (labelled so); asked from the button, it shows as a planned switchover
 * by Patroni with its modelled window.
 */
let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ onlyOrigin: app.url }));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a simulated cluster switched over from the console', () => {
  it('offers the modelled manager, and shows the switchover planned with its window', async () => {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'sim-payments', engine: 'postgres', owner: 'platform', expectedDataGb: 5, regions: ['us-east-1'], environment: 'prod' },
    });
    expect(res.status).toBe(202);
    const cluster = await untilActive<{ modelledFailoverManager: string | null; failoverManager: string | null }>(app, 'sim-payments');
    expect(cluster).toMatchObject({ failoverManager: null, modelledFailoverManager: 'patroni' });
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const first = nodes.find((n) => n.role === 'primary')!;
    const chosen = nodes.find((n) => n.role === 'replica')!;

    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${app.url}/#/clusters/sim-payments`);
    await page.getByTestId('cluster-failovers').waitFor();
    expect(await page.getByTestId('switchover-simulated').innerText()).toBe('through the simulated patroni');
    expect(await page.getByTestId('failover-manager-note').count()).toBe(0);

    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('switchover-target').selectOption(chosen.name);
    await page.getByLabel('now (not in the window)').check();
    await page.getByTestId('switchover').click();
    await page.getByTestId('switchover-note').waitFor();
    const planned = page.getByTestId('failovers').locator('[data-testid="failover-row"][data-kind="switchover"]');
    await planned.first().waitFor({ timeout: 30_000 });
    expect(await planned.first().innerText()).toMatch(new RegExp(`${first.name} → ${chosen.name}.*planned`, 's'));
    expect(await planned.first().getByTestId('failover-unavailable').innerText()).toMatch(/^[2-6]\.\d s$/);
    await checkPage('simulated-switchover', NO_FORECAST_YET);
  }, 240_000);
});
