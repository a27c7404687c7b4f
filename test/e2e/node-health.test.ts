import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage, type OpenPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
let openPage: OpenPage;
const clusterName = 'drill-cache';

beforeAll(async () => {
  await buildUi();
  // No automatic restarts: a killed node stays down while the test looks at it (it would be back within a second).
  app = await startTestApp({ config: { healthIntervalMs: 500, remediationsPerClusterPerHour: 0 } });
  ({ browser, page, checkPage, openPage } = await launchWatchedBrowser({ viewport: { width: 1300, height: 1000 }, onlyOrigin: app.url }));
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const causes = () => page.getByTestId('node-causes').textContent();

/** A node's score where the cluster page shows it: the nodes table, the health table and the open drill-down. */
async function scoresShown(node: string): Promise<Array<string | null>> {
  const read = (text: Promise<string | null>) => text.then((t) => t?.replace(/[() ]/g, '') ?? null).catch(() => null);
  return Promise.all([
    read(page.getByTestId(`node-${node}`).getByTestId('node-health').getAttribute('data-score', { timeout: 1000 })),
    read(page.getByTestId(`health-row-${node}`).getByTestId('health-row-score').textContent({ timeout: 1000 })),
    read(page.getByTestId('node-health-score').textContent({ timeout: 1000 })),
  ]);
}

describe('node health drill-down in a real browser', () => {
  let replica = '';

  it('opens a node of a local Redis cluster from its cluster page and shows its causes and charts', async () => {
    await app.api('/api/clusters', {
      method: 'POST',
      json: {
        name: clusterName,
        engine: 'redis',
        owner: 'platform',
        expectedDataGb: 1,
        regions: ['local'],
        environment: 'prod',
        sla: { p99ReadMs: 1000, p99WriteMs: 1000, availability: 99.9 },
      },
    }); // latency targets a busy machine cannot miss: this is about a dead node
    await eventually(async () => (await app.ctx.repos.clusters.find(clusterName))?.status === 'ACTIVE', 60_000);
    const cluster = (await app.ctx.repos.clusters.find(clusterName))!;
    replica = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'replica')!.name;

    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('nav-fleet').click();
    await page.getByTestId(`tile-${clusterName}`).click();
    await page.getByTestId('tab-nodes').click();
    await page.getByTestId(`open-node-${replica}`).click();
    expect(page.url()).toContain(`#/clusters/${clusterName}/nodes/${replica}`);

    const panel = page.getByTestId('node-health');
    await expect.poll(() => panel.locator('h2').textContent(), { timeout: 60_000 }).toContain('replica');
    await expect.poll(() => page.getByTestId('node-health-state').textContent(), { timeout: 60_000 }).toBe('healthy');
    expect(await causes()).not.toMatch(/node down/);
    // Values arrive every half second; the charts redraw with them.
    await expect
      .poll(async () => Number(/^(\d+) recent snapshots/.exec((await page.getByTestId('snapshot-window').textContent()) ?? '')?.[1] ?? 0), {
        timeout: 60_000,
      })
      .toBeGreaterThan(2);
    for (const metric of ['latencyMs', 'connections']) {
      const canvas = page.getByTestId(`chart-${metric}`).locator('canvas');
      expect(await canvas.count()).toBe(1);
      expect((await canvas.boundingBox())?.width).toBeGreaterThan(100);
    }
    // Every axis carries its unit, the probe latency's included.
    const units = {
      latencyMs: 'ms',
      memoryUsedPercent: '%',
      diskUsedPercent: '%',
      connections: 'conn',
      replicationLagSeconds: 's',
      errors: 'errors',
    };
    for (const [metric, unit] of Object.entries(units)) {
      const chart = page.getByTestId(`chart-${metric}`);
      if (await chart.count()) expect(await chart.getAttribute('data-unit')).toBe(unit);
      expect(await page.getByTestId(`metric-${metric}`).locator('figcaption').textContent()).toContain(`(${unit})`);
    }
    await checkPage('node-health', NO_FORECAST_YET);
  });

  it('shows one score per node: the nodes table, the health table and the drill-down agree, for an idle primary and replica', async () => {
    await expect.poll(() => scoresShown(replica), { timeout: 60_000 }).toEqual(['100', '100', '100']);
    expect(await causes()).toMatch(/^None/);
    const cluster = (await app.ctx.repos.clusters.find(clusterName))!;
    const primary = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!.name;
    await page.getByTestId(`open-node-${primary}`).click();
    await expect.poll(() => page.getByTestId('node-health').locator('h2').textContent(), { timeout: 60_000 }).toContain(primary);
    await expect.poll(() => scoresShown(primary), { timeout: 60_000 }).toEqual(['100', '100', '100']);
    expect(await causes()).toMatch(/^None/);
    await page.getByTestId(`open-node-${replica}`).click();
    await expect.poll(() => page.getByTestId('node-health').locator('h2').textContent(), { timeout: 60_000 }).toContain(replica);
  });

  it('shows why the node is unhealthy and marks the moments it did not answer once its process is killed', async () => {
    const pid = (JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', replica, 'node.json'), 'utf8')) as { pid: number }).pid;
    process.kill(pid, 'SIGKILL');
    // Nothing here reloads the page: it follows the node by itself.
    await expect.poll(causes, { timeout: 60_000 }).toMatch(/node down/);
    await expect.poll(() => page.getByTestId('node-health-state').textContent(), { timeout: 60_000 }).toBe('unhealthy');
    await expect.poll(() => scoresShown(replica), { timeout: 60_000 }).toEqual(['0', '0', '0']);
    await expect
      .poll(
        async () =>
          Number(
            /did not answer in (\d+)/.exec(
              (await page
                .getByTestId('down-count')
                .textContent()
                .catch(() => '')) ?? '',
            )?.[1] ?? 0,
          ),
        { timeout: 60_000 },
      )
      .toBeGreaterThan(1);
    // Values a down node cannot report are gaps; the probe latency chart goes on.
    expect(await page.getByTestId('metric-connections').textContent()).toMatch(/Connections/);
    expect(await page.getByTestId('chart-latencyMs').locator('canvas').count()).toBe(1);
    await checkPage('node-health-down', NO_FORECAST_YET);
  });

  it('shows the dead node as unreachable in red in the nodes table, not a green "running", and its cluster as having an unhealthy node', async () => {
    const state = page.getByTestId(`node-${replica}`).getByTestId('node-state');
    await expect.poll(() => state.textContent(), { timeout: 60_000 }).toBe('unreachable');
    expect(await state.getAttribute('data-lifecycle')).toBe('running'); // what the provider was asked for, kept in the tooltip
    expect(await state.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(194, 59, 50)');
    expect(await page.getByTestId(`node-${replica}`).getByTestId('node-state-reason').textContent()).toMatch(/node down/);
    expect(await page.getByTestId(`node-${replica}`).getByTestId('node-health').getAttribute('data-health')).toBe('unhealthy');
    const badge = page.getByTestId('cluster-health-badge');
    await expect.poll(() => badge.getAttribute('data-unhealthy-nodes'), { timeout: 60_000 }).toBe('1');
    expect(await badge.textContent()).toMatch(/^(degraded|unhealthy) · 1 unhealthy node$/);
    expect(await badge.getAttribute('title')).toContain(replica);
    await checkPage('node-unreachable', NO_FORECAST_YET);

    await page.goto(`${app.url}/#/`);
    const row = page.getByTestId(`row-${clusterName}`).getByTestId('row-health');
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toMatch(/1 unhealthy node/);
    expect(await page.getByTestId('header-health').count()).toBe(1);
    await checkPage('inventory-node-unreachable');
  });

  it('shows it running and healthy again once the node is back', async () => {
    const cluster = (await app.ctx.repos.clusters.find(clusterName))!;
    const node = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.name === replica)!;
    await app.ctx.providers.forRegion(node.region).startNode(node.providerId!);
    const row = page.getByTestId(`row-${clusterName}`).getByTestId('row-health');
    await expect.poll(() => row.getAttribute('data-health'), { timeout: 60_000 }).toBe('healthy');
    await page.goto(`${app.url}/#/clusters/${clusterName}/nodes`);
    const state = page.getByTestId(`node-${replica}`).getByTestId('node-state');
    await expect.poll(() => state.textContent(), { timeout: 60_000 }).toBe('running');
    expect(await page.getByTestId('cluster-health-badge').getAttribute('data-unhealthy-nodes')).toBe('0');
    await checkPage('node-back', NO_FORECAST_YET);
  });

  it('opens the same drill-down from a shared link on a fresh load', async () => {
    const { page: fresh, checkPage: checkFresh } = await openPage();
    await fresh.goto(`${app.url}/#token=${app.adminToken}`);
    await fresh.getByTestId('inventory').waitFor();
    await fresh.goto(`${app.url}/#/clusters/${clusterName}/nodes/${replica}`);
    await fresh.getByTestId('chart-latencyMs').locator('canvas').waitFor();
    expect(await fresh.getByTestId(`node-${replica}`).getAttribute('class')).toContain('selected');
    await checkFresh('node-drill-down-linked', NO_FORECAST_YET);
    await fresh.close();
  });
});
