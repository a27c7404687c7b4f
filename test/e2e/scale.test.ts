import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, NO_PARAMETERS, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive } from '../helpers/cluster-waits';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
/** The scale-in below the engine's minimum the test asks for on purpose. */
const SCALE_REFUSED = /status of 4\d\d \([\w ]+\) \(http:\/\/[^/]+\/api\/clusters\/console-scale\/scale\?dryRun=true\)$/;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ onlyOrigin: app.url }));
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: {
      name: 'console-scale',
      engine: 'cassandra',
      owner: 'platform',
      expectedDataGb: 100,
      regions: ['us-east-1'],
      environment: 'test',
    },
  });
  expect(res.status).toBe(202);
}, 180_000);
afterAll(async () => {
  await app?.api('/api/clusters/console-scale', { method: 'DELETE' }).catch(() => undefined);
  await browser?.close();
  await app?.stop();
});

describe('the Scale & resize section of a cluster page', () => {
  it('previews a scale-out (nodes, capacity, cost), shows a refusal with its numbers, applies it, and previews a resize', async () => {
    const cluster = await untilActive(app, 'console-scale');
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${app.url}/#/clusters/console-scale/settings`);
    await page.getByTestId('scale').waitFor();

    await page.getByTestId('scale-nodes').fill('2');
    await page.getByTestId('scale-preview').click();
    await expect.poll(() => page.getByTestId('scale-error').innerText()).toMatch(/2 node\(s\) per region is below the 3/);
    await checkPage('scale-refused', NO_FORECAST_YET, NO_PARAMETERS, SCALE_REFUSED);

    await page.getByTestId('scale-nodes').fill('6');
    await page.getByTestId('scale-urgent').check();
    await page.getByTestId('scale-preview').click();
    const diff = page.getByTestId('scale-diff');
    await diff.waitFor();
    const text = await diff.innerText();
    expect(text).toMatch(/nodes 3 → 6/);
    expect(text).toMatch(/monthly cost \$[\d.,]+\/month → \$[\d.,]+\/month \(\+\$[\d.,]+\/month\)/);
    expect(text).toMatch(/starts now/);
    expect(await app.ctx.repos.nodes.forCluster(cluster.id)).toHaveLength(3);
    await checkPage('scale-preview', NO_FORECAST_YET, NO_PARAMETERS);

    await page.getByTestId('scale-apply').click();
    await page.getByTestId('scale-requested').waitFor();
    await eventually(async () => (await app.ctx.repos.nodes.forCluster(cluster.id)).length === 6, 120_000, 250);
    await eventually(async () => (await app.ctx.repos.clusters.find('console-scale'))!.spec.nodesPerRegion === 6, 60_000, 250);

    const record = (await app.ctx.repos.clusters.find('console-scale'))!;
    const bigger = record.spec.instanceType === 'i3.4xlarge' ? 'i3.2xlarge' : 'i3.4xlarge';
    await page.getByTestId('resize-type').selectOption(bigger);
    await page.getByTestId('resize-preview').click();
    await expect
      .poll(() => page.getByTestId('scale-diff').innerText())
      .toMatch(new RegExp(`instance type ${record.spec.instanceType} → ${bigger}`));
    await checkPage('resize-preview', NO_FORECAST_YET, NO_PARAMETERS);
  }, 240_000);
});
