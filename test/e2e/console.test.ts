import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
const clusterName = 'console-cache';
/** The live preview refusing a draft (a bad name) is how the form learns what only the server knows. */
const PREVIEW_REFUSED = /status of 400 \(Bad Request\) \(http:\/\/[^/]+\/api\/clusters\/preview\)$/;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  // The console must work with no network beyond its own server: any other request is a bug.
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 900 }, onlyOrigin: app.url }));
});

afterAll(async () => {
  // Whatever a failing test left behind: decommission, so no redis-server outlives the test.
  if (app && (await app.ctx.repos.clusters.find(clusterName))?.status === 'ACTIVE') {
    await app.api(`/api/clusters/${clusterName}`, { method: 'DELETE' });
    await eventually(async () => (await app.ctx.repos.clusters.find(clusterName))?.status === 'DECOMMISSIONED', 60_000).catch(
      () => undefined,
    );
  }
  await browser?.close();
  await app?.stop();
});

const total = async () => ((await (await app.api('/api/clusters')).json()) as { total: number }).total;
/** Local node processes carry their data directory (under the app's) in their command line. */
const nodeProcesses = () => spawnSync('pgrep', ['-f', app.config.dataDir], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);

describe('operator console in a real browser', () => {
  it('signs in from the printed URL, drops the token from the address bar and shows the inventory', async () => {
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await expect.poll(() => page.getByTestId('me').textContent()).toContain('platform');
    expect(page.url()).not.toContain(app.adminToken);
    expect(await page.getByTestId('total').textContent()).toMatch(/No clusters/);
    await checkPage('console-inventory-empty');
  });

  it('shows the error under the name for a bad name and creates nothing', async () => {
    await page.getByTestId('nav-new').click();
    await page.getByTestId('create-form').waitFor();
    await expect.poll(() => page.getByTestId('field-owner').inputValue()).toBe('platform');
    await page.getByTestId('field-name').fill('X!');
    await page.getByTestId('region-local').check();
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('field-error-name').textContent()).toMatch(/name must be DNS-safe/);
    expect(await total()).toBe(0);
    await checkPage('console-create-error', PREVIEW_REFUSED);
  });

  it('creates a Redis cluster of real local processes through the form and watches it become ACTIVE', async () => {
    await page.getByTestId('field-name').fill(clusterName);
    // Every engine the server has, memcached included, is offered.
    await expect.poll(() => page.getByTestId('field-engine').locator('option[value="memcached"]').count()).toBe(1);
    await page.getByTestId('field-engine').selectOption('redis');
    await page.getByTestId('field-owner').selectOption('platform');
    await page.getByTestId('field-size').fill('1');
    await page.getByTestId('field-environment').selectOption('test');
    expect(await page.getByTestId('region-local').isChecked()).toBe(true);
    await page.getByTestId('submit').click();
    await page.getByTestId('progress').waitFor();
    await expect.poll(() => page.getByTestId('cluster-status').textContent(), { timeout: 60_000 }).toBe('ACTIVE');
    const steps = await page
      .getByTestId('operation-steps')
      .locator('[data-status]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s === 'done')).toBe(true);
    await checkPage('console-progress', PREVIEW_REFUSED);

    await page.getByTestId('cluster-link').click();
    await expect.poll(() => page.getByTestId('connection').textContent()).toMatch(/^redis:\/\/127\.0\.0\.1:\d+/);
    await page.getByTestId('tab-nodes').click();
    await page.getByTestId('nodes-table').waitFor();
    const lifecycle = await page.getByTestId('node-state').evaluateAll((els) => els.map((e) => e.getAttribute('data-lifecycle')));
    expect(lifecycle.length).toBeGreaterThan(0);
    expect(lifecycle.every((s) => s === 'running')).toBe(true);
    // Shown as running, or degraded when a busy machine slows the probe past the default 10 ms SLA; never down.
    const shown = await page.getByTestId('node-state').allTextContents();
    expect(shown.every((s) => s === 'running' || s === 'degraded')).toBe(true);
    await checkPage('console-cluster-nodes', NO_FORECAST_YET);
  });

  it('lists the cluster in the inventory and remembers the chosen columns across a reload', async () => {
    await page.getByTestId('nav-inventory').click();
    await page.getByTestId(`row-${clusterName}`).waitFor();
    expect(await page.getByTestId('header-instanceType').count()).toBe(0);
    await page.getByTestId('column-picker').click();
    await page.getByTestId('column-instanceType').check();
    await page.reload();
    await page.getByTestId(`row-${clusterName}`).waitFor();
    expect(await page.getByTestId('header-instanceType').count()).toBe(1);
    await checkPage('console-inventory-columns');
  });

  it('follows a decommission made elsewhere live on the cluster page, leaving no redis-server running', async () => {
    await page.getByTestId(`row-${clusterName}`).click();
    await page.getByTestId('tab-nodes').click();
    await page.getByTestId('nodes-table').waitFor();
    expect(nodeProcesses().length).toBeGreaterThan(0);
    const res = await app.api(`/api/clusters/${clusterName}`, { method: 'DELETE', json: { reason: 'end of the browser test' } });
    expect(res.status).toBe(202);
    // No reload: the page hears it over the event stream.
    await expect.poll(() => page.getByTestId('cluster-status').textContent(), { timeout: 60_000 }).toBe('DECOMMISSIONED');
    expect(nodeProcesses()).toEqual([]);
    await checkPage('console-decommissioned', NO_FORECAST_YET);
  });

  it('sends the user back to sign-in with a message when the token is refused, and signs in again with a pasted one', async () => {
    await page.evaluate(() => localStorage.setItem('datafleet.token', 'not-a-token'));
    await page.goto(`${app.url}/`);
    await expect.poll(() => page.getByTestId('sign-in-message').textContent()).toMatch(/not accepted/);
    // The stored token is refused: every request the page made with it is answered 401, which sends the user to sign in.
    await checkPage('console-sign-in-refused', /status of 401 \(Unauthorized\) \(http:\/\/[^/]+\/api\/[^)]*\)$/);
    await page.getByTestId('token').fill(app.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('inventory').waitFor();
    await expect.poll(() => page.getByTestId('me').textContent()).toContain('platform');
    await checkPage('console-signed-in-again');
  });
});
