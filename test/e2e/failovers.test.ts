import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage, type OpenPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

/*
 * A local prod Redis cluster under three real sentinels, its page and the fleet view open side by
 * side: a switchover asked from the page's button (after its confirm) shows as planned; the primary
 * SIGKILLed shows as an unplanned failover, with the time writes were unavailable, on both pages
 * within seconds and without a reload.
 */
let app: TestApp;
let browser: Browser;
let clusterPage: Page;
let fleetPage: Page;
let checkClusterPage: CheckPage;
let checkFleetPage: CheckPage;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  let openPage: OpenPage;
  ({ browser, page: clusterPage, checkPage: checkClusterPage, openPage } = await launchWatchedBrowser({ onlyOrigin: app.url }));
  // A page of its own (playwright's launched-browser page has no context to share); it signs in itself.
  ({ page: fleetPage, checkPage: checkFleetPage } = await openPage());
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name: 'orders-cache', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'prod' },
  });
  expect(res.status).toBe(202);
}, 180_000);
afterAll(async () => {
  await app?.api('/api/clusters/orders-cache', { method: 'DELETE' }).catch(() => undefined);
  await browser?.close();
  await app?.stop();
});

const nodePid = (name: string): number =>
  (JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', name, 'node.json'), 'utf8')) as { pid: number }).pid;

const rowsOf = (page: Page, table: string, kind: string) =>
  page.getByTestId(table).locator(`[data-testid="failover-row"][data-kind="${kind}"]`);

describe('failovers in the console', () => {
  it('a switchover from the button and a killed primary appear on the cluster page and the fleet view, live, with the unavailable window', async () => {
    const cluster = await eventually(async () => {
      const c = await app.ctx.repos.clusters.find('orders-cache');
      if (c?.status === 'FAILED') throw new Error(`provision failed: ${c.statusReason}`);
      return c?.status === 'ACTIVE' ? c : undefined;
    }, 120_000);
    expect(cluster.failoverManager).toMatchObject({ kind: 'sentinel' });

    await clusterPage.goto(`${app.url}/#token=${app.adminToken}`);
    await clusterPage.getByTestId('inventory').waitFor();
    await clusterPage.goto(`${app.url}/#/clusters/orders-cache`);
    await clusterPage.getByTestId('cluster-failovers').waitFor();
    await fleetPage.goto(`${app.url}/#token=${app.adminToken}`);
    await fleetPage.getByTestId('inventory').waitFor();
    await fleetPage.goto(`${app.url}/#/fleet`);
    await fleetPage.getByTestId('fleet-failovers').waitFor();
    await expect.poll(() => clusterPage.getByTestId('failovers').innerText()).toMatch(/No failover or switchover yet/);
    await checkClusterPage('failovers-cluster-none', NO_FORECAST_YET);
    await checkFleetPage('failovers-fleet-none');

    // A planned switchover to a chosen replica, now, after the confirm.
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const first = nodes.find((n) => n.role === 'primary')!;
    const chosen = nodes.find((n) => n.role === 'replica')!;
    const confirms: string[] = [];
    clusterPage.on('dialog', (dialog) => {
      confirms.push(dialog.message());
      void dialog.accept();
    });
    await clusterPage.getByTestId('switchover-target').selectOption(chosen.name);
    await clusterPage.getByLabel('now (not in the window)').check();
    await clusterPage.getByTestId('switchover').click();
    await clusterPage.getByTestId('switchover-note').waitFor();
    expect(confirms[0]).toContain(`from ${first.name} to ${chosen.name} now`);
    const planned = rowsOf(clusterPage, 'failovers', 'switchover');
    await planned.first().waitFor({ timeout: 90_000 });
    expect(await planned.first().innerText()).toMatch(new RegExp(`${first.name} → ${chosen.name}.*planned.*platform/`, 's'));
    await rowsOf(fleetPage, 'recent-failovers', 'switchover').first().waitFor({ timeout: 30_000 });
    await checkClusterPage('failovers-cluster-switchover', NO_FORECAST_YET);
    await checkFleetPage('failovers-fleet-switchover');
    await eventually(async () => {
      const ops = await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'switchover', limit: 1 });
      return ops[0]?.status === 'succeeded';
    }, 60_000);

    // The new primary's server is killed: Sentinel fails over, the pages show it unplanned with its window.
    const killedAt = Date.now();
    process.kill(nodePid(chosen.name), 'SIGKILL');
    const failover = rowsOf(clusterPage, 'failovers', 'failover');
    await failover.first().waitFor({ timeout: 30_000 });
    const seenAfterMs = Date.now() - killedAt;
    const text = await failover.first().innerText();
    expect(text).toMatch(new RegExp(`${chosen.name} → `));
    expect(text).toMatch(/unplanned/);
    expect(text).toMatch(/sentinel \(automatic\)/);
    expect(await failover.first().getByTestId('failover-unavailable').innerText()).toMatch(/^\d+\.\d s$/);
    const fleetRow = rowsOf(fleetPage, 'recent-failovers', 'failover').first();
    await fleetRow.waitFor({ timeout: 10_000 });
    expect(await fleetRow.innerText()).toMatch(/orders-cache/);
    expect(await fleetRow.getByTestId('failover-unavailable').innerText()).toMatch(/^\d+\.\d s$/);
    // Sentinel needs 2 s to call the primary down and a moment to promote; the pages follow within seconds.
    expect(seenAfterMs).toBeLessThan(30_000);
    await checkClusterPage('failovers-cluster-failover', NO_FORECAST_YET);
    await checkFleetPage('failovers-fleet-failover');
  }, 300_000);
});
