import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Redis } from 'ioredis';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive } from '../helpers/cluster-waits';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
/** The out-of-range value the test previews on purpose: the server's dry run refuses it with the range. */
const PREVIEW_REFUSED = /status of 400 \(Bad Request\) \(http:\/\/[^/]+\/api\/clusters\/console-params\/settings\?dryRun=true\)$/;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ onlyOrigin: app.url }));
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name: 'console-params', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'test' },
  });
  expect(res.status).toBe(202);
}, 180_000);
afterAll(async () => {
  await app?.api('/api/clusters/console-params', { method: 'DELETE' }).catch(() => undefined);
  await browser?.close();
  await app?.stop();
});

describe('the Engine parameters section of a cluster page', () => {
  it('previews a change (diff, live, when, cost) and applies it to the running node', async () => {
    const cluster = await untilActive(app, 'console-params');
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${app.url}/#/clusters/console-params/settings`);
    await page.getByTestId('parameters-form').waitFor();
    await page.getByTestId('parameter-name').selectOption('maxmemory-policy');
    await page.getByTestId('parameter-value').selectOption('allkeys-lfu');
    await page.getByTestId('parameter-preview').click();
    const diff = page.getByTestId('parameter-diff');
    await diff.waitFor();
    const text = await diff.innerText();
    expect(text).toMatch(/maxmemory-policy\s+noeviction\s+allkeys-lfu\s+live/);
    expect(text).toMatch(/Live, no restart · starts now · monthly cost unchanged/);
    await checkPage('settings-parameter-preview', NO_FORECAST_YET);

    // A value out of range is refused with the range, and nothing is requested.
    await page.getByTestId('parameter-name').selectOption('timeout');
    await page.getByTestId('parameter-value').fill('999999');
    await page.getByTestId('parameter-preview').click();
    await expect.poll(() => page.getByTestId('parameter-error').innerText()).toMatch(/timeout must be between 0 s and 86400 s/);
    await checkPage('settings-parameter-refused', NO_FORECAST_YET, PREVIEW_REFUSED);

    await page.getByTestId('parameter-name').selectOption('maxmemory-policy');
    await page.getByTestId('parameter-value').selectOption('allkeys-lfu');
    await page.getByTestId('parameter-preview').click();
    await page.getByTestId('parameter-apply').click();
    await page.getByTestId('parameter-requested').waitFor();
    const node = cluster.nodes[0]!;
    await eventually(async () => {
      const client = new Redis({
        host: node.host,
        port: node.port,
        password: cluster.password,
        lazyConnect: true,
        maxRetriesPerRequest: 1,
      });
      try {
        await client.connect();
        return ((await client.config('GET', 'maxmemory-policy')) as string[])[1] === 'allkeys-lfu';
      } finally {
        client.disconnect();
      }
    }, 60_000);
    // Read back from the running primary once the page loads again.
    await page.reload();
    await page.getByTestId('parameter-name').selectOption('maxmemory-policy');
    await expect.poll(() => page.getByTestId('parameter-help').innerText(), { timeout: 15_000 }).toMatch(/now allkeys-lfu/);
    await checkPage('settings-parameter-applied', NO_FORECAST_YET);
  }, 180_000);
});
