import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  app = await startTestApp({ config: { healthIntervalMs: 500 } });
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1300, height: 800 }, onlyOrigin: app.url }));
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('fleet health view in a real browser', () => {
  it('turns a cluster’s tile from healthy to degraded when one of its local nodes is killed, and back once the playbook heals it', async () => {
    await app.api('/api/clusters', {
      method: 'POST',
      json: {
        name: 'tile-cache',
        engine: 'redis',
        owner: 'platform',
        expectedDataGb: 1,
        regions: ['local'],
        environment: 'prod',
        sla: { p99ReadMs: 1000, p99WriteMs: 1000, availability: 99.9 },
      },
    }); // latency a busy machine cannot miss: this is about a dead node
    await eventually(async () => (await app.ctx.repos.clusters.find('tile-cache'))?.status === 'ACTIVE', 60_000);

    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('nav-fleet').click();
    const tile = page.getByTestId('tile-tile-cache');
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 60_000 }).toBe('healthy');
    // Past the tile's 0.3 s colour transition: waited on the colour itself (var(--ok)), not a sleep.
    const healthyColour = 'rgb(31, 138, 76)';
    await expect.poll(() => tile.evaluate((el) => getComputedStyle(el).backgroundColor), { timeout: 60_000 }).toBe(healthyColour);

    const cluster = (await app.ctx.repos.clusters.find('tile-cache'))!;
    const replica = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'replica')!;
    const pid = (JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', replica.name, 'node.json'), 'utf8')) as { pid: number })
      .pid;
    process.kill(pid, 'SIGKILL');

    // The page changes on its own (server-sent events): nothing here reloads it.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="tile-tile-cache"]')?.getAttribute('data-state') === 'degraded',
      undefined,
      { timeout: 60_000, polling: 'raf' },
    );
    await expect.poll(() => tile.evaluate((el) => getComputedStyle(el).backgroundColor), { timeout: 60_000 }).not.toBe(healthyColour);
    await checkPage('fleet-degraded');
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 60_000 }).toBe('healthy');
  });
});
