import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Redis } from 'ioredis';
import { launchWatchedBrowser, NO_FORECAST_YET, NO_PARAMETERS, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ onlyOrigin: app.url }));
  for (const [name, engine, region] of [
    ['console-users', 'redis', 'local'],
    ['console-memo', 'memcached', 'us-east-1'],
  ] as const) {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name, engine, owner: 'platform', expectedDataGb: 1, regions: [region], environment: 'test' },
    });
    expect(res.status).toBe(202);
  }
  await eventually(async () => {
    const statuses = await Promise.all(['console-users', 'console-memo'].map(async (n) => (await app.ctx.repos.clusters.find(n))?.status));
    return statuses.every((s) => s === 'ACTIVE');
  }, 120_000);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function redisLogsIn(port: number, username: string, password: string): Promise<boolean> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    username,
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.get('app:x')) === null;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

describe('the Users section of a cluster page', () => {
  it('creates a user whose password, shown once, logs in; rotates it; deletes it', async () => {
    const detail = (await (await app.api('/api/clusters/console-users')).json()) as { nodes: Array<{ port: number }> };
    const port = detail.nodes[0]!.port;
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${app.url}/#/clusters/console-users/settings`);
    await page.getByTestId('user-form').waitFor();
    await page.getByTestId('user-name').fill('web');
    await page.getByTestId('user-access').selectOption('readwrite');
    await page.getByTestId('user-scope').fill('app:*');
    await page.getByTestId('user-create').click();
    const first = (await page.getByTestId('issued-password-value').textContent())!;
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await expect.poll(() => page.getByTestId('user-web').textContent(), { timeout: 30_000 }).toContain('active');
    expect(await redisLogsIn(port, 'web', first)).toBe(true);

    await page.getByTestId('user-grace').fill('1');
    await page.getByTestId('rotate-web').click();
    await expect.poll(() => page.getByTestId('issued-password-value').textContent()).not.toBe(first);
    const second = (await page.getByTestId('issued-password-value').textContent())!;
    expect(await page.getByTestId('issued-password').textContent()).toMatch(/previous login web works until/);
    await eventually(async () => redisLogsIn(port, 'web', second), 30_000);
    expect(await redisLogsIn(port, 'web', first)).toBe(true);
    await checkPage('cluster-users-rotated', NO_FORECAST_YET, NO_PARAMETERS);

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('delete-web').click();
    await eventually(async () => !(await redisLogsIn(port, 'web', second)), 30_000);
    await checkPage('cluster-users-deleted', NO_FORECAST_YET, NO_PARAMETERS);
  });

  it('says plainly that memcached has no users', async () => {
    await page.goto(`${app.url}/#/clusters/console-memo/settings`);
    await expect.poll(() => page.getByTestId('users-unsupported').textContent(), { timeout: 30_000 }).toMatch(/memcached has no users/);
    await checkPage('cluster-users-memcached', NO_FORECAST_YET, NO_PARAMETERS);
  });
});
