import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded } from '../helpers/cluster-waits';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 1000 }, onlyOrigin: app.url }));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function redisCluster(name: string): Promise<void> {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'test' },
  });
  expect(res.status).toBe(202);
  await untilActive(app, name);
}

describe('restore drills on the fleet page', () => {
  it("shows each cluster's last verified restore with its RPO and RTO, and lists the clusters without one as at risk", async () => {
    await redisCluster('tills');
    await redisCluster('receipts');
    const backup = await app.api('/api/clusters/tills/backups', { method: 'POST', json: {} });
    await untilSucceeded(app, ((await backup.json()) as { operation: { id: string } }).operation.id, 120_000);
    const started = await app.api('/api/clusters/tills/restore-drills', { method: 'POST' });
    expect(started.status).toBe(202);
    const { drill } = (await started.json()) as { drill: { id: string } };
    await eventually(async () => {
      const row = (await (await app.api(`/api/restore-drills/${drill.id}`)).json()) as { status: string; error: string | null };
      if (row.status === 'failed') throw new Error(`drill failed: ${row.error}`);
      return row.status === 'passed';
    }, 180_000);

    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${app.url}/#/fleet`);
    const tills = page.locator('[data-testid="restore-drill-row"][data-cluster="tills"]');
    await tills.waitFor();
    expect(await tills.getAttribute('data-at-risk')).toBe('false');
    expect(await tills.getByTestId('drill-rpo').textContent()).toMatch(/^\d+(\.\d)? (s|min)$/);
    expect(await tills.getByTestId('drill-rto').textContent()).toMatch(/^\d+(\.\d)? (s|min)$/);
    expect(await tills.getByTestId('drill-last').textContent()).toMatch(/^passed /);
    const receipts = page.locator('[data-testid="restore-drill-row"][data-cluster="receipts"]');
    expect(await receipts.getAttribute('data-at-risk')).toBe('true');
    expect(await receipts.getByTestId('drill-rpo').textContent()).toBe('-');
    expect(await page.getByTestId('restore-drills-at-risk').textContent()).toBe('1 at risk: no verified restore in 14 days (receipts)');
    // Scratch clusters are not part of the fleet's list.
    expect(await page.locator('[data-testid="restore-drill-row"]').count()).toBe(2);
    await checkPage('restore-drills');
  });
});
