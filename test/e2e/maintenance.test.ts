import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';
import type { SimulatedProvider } from '../../services/providers/simulated/simulated-provider';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
const clusterName = 'billing-ring';
const DAY = 86_400_000;
/** A weekly window two days from now: closed now, so the replacement waits for it. */
const window = {
  day: (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[(new Date().getUTCDay() + 2) % 7]!,
  start: '03:00',
  durationMinutes: 120,
  timeZone: 'UTC',
};

beforeAll(async () => {
  await buildUi();
  // Scans run when the test asks (POST /api/maintenance/scan), not on the hourly schedule.
  app = await startTestApp();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 1000 }, onlyOrigin: app.url }));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('proactive maintenance in a real browser', () => {
  it('shows a provider retirement planned in the window on the fleet page and the cluster page, with its operation, and the oldest nodes', async () => {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: {
        name: clusterName,
        engine: 'cassandra',
        owner: 'platform',
        environment: 'prod',
        expectedDataGb: 30,
        regions: ['us-east-1'],
        maintenanceWindow: window,
      },
    });
    expect(res.status).toBe(202);
    const cluster = await eventually(async () => {
      const c = await app.ctx.repos.clusters.find(clusterName);
      return c?.status === 'ACTIVE' ? c : undefined;
    }, 60_000);
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const doomed = nodes[1]!;
    // The simulated cloud announces the node's retirement the way a provider's notice does.
    const deadline = new Date(Date.now() + 7 * DAY);
    await (app.ctx.providers.forRegion('us-east-1') as SimulatedProvider).scheduleRetirement(doomed.providerId!, deadline);
    const scan = await app.api('/api/maintenance/scan', { method: 'POST', json: {} });
    expect(scan.status).toBe(200);
    const planned = (
      (await scan.json()) as { scheduled: Array<{ node: string; operationId: string; scheduledFor: string }> }
    ).scheduled.find((s) => s.node === doomed.name);
    expect(planned).toBeDefined();

    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('nav-fleet').click();
    const fleetTable = page.getByRole('table', { name: 'Upcoming maintenance' });
    const fleetRow = fleetTable.locator(`[data-testid="maintenance-row"][data-node="${doomed.name}"]`);
    await fleetRow.waitFor({ timeout: 60_000 });
    expect(await fleetRow.getAttribute('data-cluster')).toBe(clusterName);
    expect(await fleetRow.getAttribute('data-reason')).toBe('retirement');
    expect(await fleetRow.getAttribute('data-status')).toBe('pending');
    const fleetText = await fleetRow.innerText();
    expect(fleetText).toContain(clusterName);
    expect(fleetText).toContain('provider retirement');
    // Scheduled in the window, before the provider's deadline, both as the browser writes dates.
    const scheduledFor = await fleetRow.locator('td[data-value]').first().getAttribute('data-value');
    expect(scheduledFor).toBe(planned!.scheduledFor);
    expect(Date.parse(scheduledFor!)).toBeLessThan(deadline.getTime());
    expect(fleetText).toContain(await page.evaluate((iso) => new Date(iso).toLocaleDateString(), deadline.toISOString()));

    // The oldest nodes, oldest first; the doomed node carries its retirement deadline.
    const oldest = page.getByRole('table', { name: 'Oldest nodes' }).getByTestId('old-node-row');
    await expect.poll(() => oldest.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(nodes.length);
    const ages = await oldest.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-age-days'))));
    expect(ages).toEqual([...ages].sort((a, b) => b - a));
    const doomedOld = page.locator(`[data-testid="old-node-row"][data-node="${doomed.name}"]`);
    expect(await doomedOld.innerText()).toContain(await page.evaluate((iso) => new Date(iso).toLocaleDateString(), deadline.toISOString()));
    await checkPage('fleet-maintenance');

    // The operation link opens the cluster page with that replacement opened in its operations.
    await fleetRow.getByTestId('maintenance-operation').click();
    await page.waitForURL(new RegExp(`#/clusters/${clusterName}/operations/${planned!.operationId}$`));
    const opened = page.locator(`[data-operation="${planned!.operationId}"]`);
    await expect.poll(() => opened.getAttribute('aria-expanded'), { timeout: 60_000 }).toBe('true');
    expect(await opened.innerText()).toContain('replace_node');
    await checkPage('maintenance-operation', NO_FORECAST_YET);

    // Upcoming maintenance is on the cluster's overview tab.
    await page.goto(`${app.url}/#/clusters/${clusterName}`);
    const clusterRow = page.getByTestId('cluster-maintenance').locator(`[data-testid="maintenance-row"][data-node="${doomed.name}"]`);
    await clusterRow.waitFor();
    expect(await clusterRow.getAttribute('data-status')).toBe('pending');
    expect(await clusterRow.locator('td[data-value]').first().getAttribute('data-value')).toBe(planned!.scheduledFor);
    await checkPage('cluster-maintenance', NO_FORECAST_YET);
  });
});
