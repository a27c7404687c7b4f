import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Redis } from 'ioredis';
import { launchWatchedBrowser, type CheckPage } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
let redis: PrivateRedis;
const password = 'adopt-form-secret-7d1';
/** The adoption the test asks for on purpose with a wrong password: the servers do not answer it. */
const ADOPT_REFUSED = /status of 4\d\d \([\w ]+\) \(http:\/\/[^/]+\/api\/clusters\/adopt\)$/;

beforeAll(async () => {
  await buildUi();
  redis = await startPrivateRedis();
  const admin = new Redis(redis.url);
  await admin.config('SET', 'requirepass', password);
  admin.disconnect();
  app = await startTestApp();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ onlyOrigin: app.url }));
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  redis?.remove();
});

describe('adopting a running cluster from the console', () => {
  it('offers only regions that adopt, shows the server’s refusal inline, then adopts a Redis started outside Datafleet', async () => {
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${app.url}/#/new`);
    await page.getByTestId('create-form').waitFor();
    expect(await page.getByTestId('region-external').count()).toBe(0); // servers elsewhere are adopted, not created
    await checkPage('adopt-create-form');
    await page.getByTestId('adopt-link').click();
    await page.getByTestId('adopt-form').waitFor();
    await expect.poll(() => page.getByTestId('adopt-region').inputValue()).toBe('external');
    await expect.poll(() => page.getByTestId('adopt-owner').inputValue()).toBe('platform');
    await page.getByTestId('adopt-name').fill('form-cache');
    await page.getByTestId('adopt-endpoints').fill(`127.0.0.1:${redis.port}:primary`);
    await page.getByTestId('adopt-password').fill('not-the-password');
    await page.getByTestId('adopt-submit').click();
    await expect.poll(() => page.getByTestId('adopt-error').textContent()).toMatch(/do not answer/);
    expect(await app.ctx.repos.clusters.find('form-cache')).toBeNull();
    await checkPage('adopt-refused', ADOPT_REFUSED);

    await page.getByTestId('adopt-password').fill(password);
    await page.getByTestId('adopt-submit').click();
    await page.getByTestId('adopted').waitFor();
    expect((await app.ctx.repos.clusters.find('form-cache'))?.status).toBe('ACTIVE');
    await checkPage('adopted');
  });
});
