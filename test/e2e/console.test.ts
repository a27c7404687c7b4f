import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  if (app) {
    await app.api('/api/clusters/console-cache', { method: 'DELETE' });
    await eventually(async () => ['DECOMMISSIONED', undefined].includes((await app.ctx.repos.clusters.find('console-cache'))?.status), 60_000).catch(() => undefined);
  }
  await browser?.close();
  await app?.stop();
});

const total = async () => ((await (await app.api('/api/clusters')).json()) as { total: number }).total;

describe('operator console in a real browser', () => {
  it('signs in from the printed URL and shows the inventory', async () => {
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await expect.poll(() => page.getByTestId('me').textContent()).toContain('platform');
    expect(page.url()).not.toContain(app.adminToken);
  });

  it('shows the server’s error inline for a bad request and creates nothing', async () => {
    await page.getByTestId('nav-new').click();
    await page.getByTestId('create-form').waitFor();
    await page.getByTestId('field-name').fill('X!');
    await page.getByTestId('region-local').check();
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('form-error').textContent()).toMatch(/name/);
    expect(await total()).toBe(0);
  });

  it('creates a Redis cluster of real local processes through the form and watches it become ACTIVE', async () => {
    await page.getByTestId('field-name').fill('console-cache');
    await page.getByTestId('field-engine').selectOption('redis');
    await page.getByTestId('region-local').check();
    await page.getByTestId('field-size').fill('1');
    await page.getByTestId('field-environment').selectOption('test');
    await page.getByTestId('submit').click();
    await page.getByTestId('progress').waitFor();
    await expect.poll(() => page.getByTestId('cluster-status').textContent(), { timeout: 60_000 }).toBe('ACTIVE');
    expect(await page.locator('[data-step="create-nodes"]').getAttribute('data-status')).toBe('done');

    await page.getByTestId('cluster-link').click();
    await page.getByTestId('nodes-table').waitFor();
    const states = await page.getByTestId('node-state').allTextContents();
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((s) => s === 'running')).toBe(true);
    await page.screenshot({ path: '/tmp/console-cluster.png', fullPage: true });

    await page.goto(`${app.url}/#/`);
    await page.getByTestId('row-console-cache').waitFor();
    await page.screenshot({ path: '/tmp/console-inventory.png' });
  });
});
