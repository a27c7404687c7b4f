import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, type CheckPage } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded } from '../helpers/cluster-waits';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
let cluster: { id: string; usableCapacityGb: number; instanceType: string; nodes: Array<{ name: string }> };

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ onlyOrigin: app.url }));
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name: 'console-day2', engine: 'postgres', owner: 'platform', expectedDataGb: 50, regions: ['us-east-1'], environment: 'test' },
  });
  expect(res.status).toBe(202);
  // No maintenance window: what the buttons schedule runs at once.
  expect((await app.api('/api/clusters/console-day2', { method: 'PATCH', json: { maintenanceWindow: null } })).status).toBe(200);
  cluster = await untilActive(app, 'console-day2');
  // Replaces the cluster's own simulated history once it has landed.
  await seedDailyRollups(app.ctx.pool, cluster.id, { capacityGb: cluster.usableCapacityGb, fill: growingTowards(90) });
  expect((await app.api('/api/clusters/console-day2/forecast', { method: 'POST' })).status).toBe(200);
  await page.goto(`${app.url}/#token=${app.adminToken}`);
  await page.getByTestId('inventory').waitFor();
  await checkPage('day-2-inventory');
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const latestOf = async (type: string) =>
  (
    (await (await app.api(`/api/operations?clusterId=${cluster.id}&type=${type}`)).json()) as Array<{
      id: string;
      params: Record<string, unknown>;
    }>
  )[0];

describe('day-2 buttons on the cluster page', () => {
  it('applies the what-if advice in one click: the advised disk grows on every node', async () => {
    await page.goto(`${app.url}/#/clusters/console-day2/capacity`);
    await page.getByTestId('what-if-writes').fill('200');
    await page.getByTestId('what-if-submit').click();
    // The answer or the error the console shows: a failure then says which, and why.
    const shown = page.getByTestId('what-if-answer').or(page.getByTestId('what-if-error'));
    await shown.waitFor({ timeout: 45_000 });
    expect(await shown.innerText()).toMatch(/grow storage to \d+ GB per node/);
    await page.getByTestId('apply-advice').click();
    const done = page.getByTestId('apply-advice-done');
    await done.waitFor();
    expect(await done.getAttribute('data-kind')).toBe('grow_storage');
    const grow = (await latestOf('grow_storage'))!;
    expect(await done.innerText()).toContain(grow.id);
    await checkPage('day-2-advice-applied');
    await untilSucceeded(app, grow.id, 90_000);
    const disks = await app.ctx.pool.query<{ disk_gb: string }>(
      `SELECT disk_gb FROM sim_instances WHERE cluster_id = $1 AND terminated_at IS NULL`,
      [cluster.id],
    );
    expect(disks.rows.map((r) => Number(r.disk_gb))).toEqual(cluster.nodes.map(() => grow.params.diskGb));
  }, 120_000);

  it('previews a rolling restart (order, when), and restarts every node on confirm', async () => {
    await page.goto(`${app.url}/#/clusters/console-day2/settings`);
    await page.getByTestId('restart-preview').click();
    const confirm = page.getByTestId('restart-confirm');
    await confirm.waitFor();
    const text = await confirm.innerText();
    for (const node of cluster.nodes) expect(text).toContain(node.name);
    expect(text).toMatch(/starts now/);
    await page.getByTestId('restart-apply').click();
    const requested = page.getByTestId('restart-requested');
    await requested.waitFor();
    const restart = (await latestOf('rolling_restart'))!;
    expect(await requested.innerText()).toContain(restart.id);
    await checkPage('day-2-rolling-restart');
    await untilSucceeded(app, restart.id, 120_000);
  }, 180_000);
});
