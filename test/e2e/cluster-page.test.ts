import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, NO_PARAMETERS, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

/** The preview refusing a draft (400, or 409 for a taken name) is how the form learns what only the server knows. */
const PREVIEW_REFUSED = /status of 40[09] \(\w+( \w+)?\) \(http:\/\/[^/]+\/api\/clusters\/preview\)$/;
let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp({ config: { simulatorTimeScale: 2000, healthIntervalMs: 600_000 } });
  await app.api('/api/clusters', {
    method: 'POST',
    json: { name: 'taken-name', engine: 'cassandra', owner: 'platform', expectedDataGb: 10, regions: ['us-east-1'] },
  });
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 900 }, onlyOrigin: app.url }));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

interface RegionAnswer {
  name: string;
  versions: Record<string, { versions: string[]; defaultVersion: string | null }>;
}

describe('create form in a real browser', () => {
  it('says what is wrong next to each field, in words, before and after asking the server', async () => {
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('nav-new').click();
    await page.getByTestId('create-form').waitFor();
    await expect.poll(() => page.getByTestId('field-owner').inputValue()).toBe('platform');
    await page.getByTestId('field-name').fill('X!');
    await page.getByTestId('field-size').fill('0');
    await page.getByTestId('submit').click();
    expect(await page.getByTestId('field-error-name').textContent()).toMatch(/^The name must be DNS-safe: 3–40 lowercase/);
    expect(await page.getByTestId('field-error-size').textContent()).toMatch(/more than 0 GB/);
    expect(await page.getByTestId('field-error-regions').textContent()).toMatch(/at least one region/);
    expect(await page.getByTestId('form-error').count()).toBe(0);

    // A taken name is only known to the server: the preview's refusal lands under the name.
    await page.getByTestId('field-engine').selectOption('cassandra');
    await page.getByTestId('field-size').fill('50');
    await page.getByTestId('region-us-east-1').check();
    await page.getByTestId('field-name').fill('taken-name');
    await expect.poll(() => page.getByTestId('field-error-name').textContent(), { timeout: 15_000 }).toMatch(/already exists/);
    expect(await page.getByTestId('field-error-size').count()).toBe(0);
    await checkPage('create-form-errors', PREVIEW_REFUSED);
  });

  it('previews what will be created and offers, as recommended, the version the region will make', async () => {
    const regions = (await (await app.api('/api/regions')).json()) as RegionAnswer[];
    const local = regions.find((r) => r.name === 'local')!.versions.redis!;
    await page.getByTestId('region-us-east-1').uncheck();
    await page.getByTestId('field-engine').selectOption('redis');
    await page.getByTestId('field-size').fill('1');
    await page.getByTestId('region-local').check();
    await page.getByTestId('field-name').fill('preview-cache');
    const offered = await page.getByTestId('field-version').locator('option').allTextContents();
    expect(offered[0]).toBe(`recommended for local (${local.defaultVersion})`);
    expect(offered.slice(1)).toEqual(local.versions);
    await expect.poll(() => page.getByTestId('preview-version').textContent(), { timeout: 15_000 }).toBe(`redis ${local.defaultVersion}`);
    expect(Number(await page.getByTestId('preview-nodes').getAttribute('data-value'))).toBeGreaterThan(0);

    // The simulated cloud runs every catalog version; the preview prices the planned nodes.
    await page.getByTestId('region-local').uncheck();
    await page.getByTestId('field-engine').selectOption('cassandra');
    await page.getByTestId('field-size').fill('200');
    await page.getByTestId('field-environment').selectOption('prod');
    await page.getByTestId('region-us-east-1').check();
    await page.getByTestId('field-name').fill('orders-ring');
    await expect.poll(() => page.getByTestId('preview-version').textContent(), { timeout: 15_000 }).toBe('cassandra 4.1.6');
    const nodes = Number(await page.getByTestId('preview-nodes').getAttribute('data-value'));
    const instance = (await page.getByTestId('preview-instance').textContent())!;
    const cost = Number(await page.getByTestId('preview-cost').getAttribute('data-value'));
    const hourly = app.ctx.regions.instanceTypes.get(instance)!.hourlyUsd;
    expect(cost).toBeCloseTo(hourly * 730 * nodes, 1);
    await checkPage('create-form-preview', PREVIEW_REFUSED);

    await page.getByTestId('submit').click();
    await page.getByTestId('progress').waitFor();
    const created = await eventually(async () => {
      const c = await app.ctx.repos.clusters.find('orders-ring');
      return c?.status === 'ACTIVE' ? c : undefined;
    }, 120_000);
    expect([created.spec.instanceType, created.spec.version, created.spec.nodesPerRegion]).toEqual([instance, '4.1.6', nodes]);
    await checkPage('create-progress');
  }, 180_000);
});

describe('cluster page in a real browser', () => {
  it('shows a header read at a glance and the sections as tabs whose address can be linked', async () => {
    await page.goto(`${app.url}/#/clusters/orders-ring`);
    await page.getByTestId('cluster-header').waitFor();
    expect(await page.getByTestId('header-engine').textContent()).toBe('cassandra 4.1.6');
    expect(Number(await page.getByTestId('header-cost').getAttribute('data-value'))).toBeGreaterThan(0);
    expect(await page.getByTestId('cluster-status').textContent()).toBe('ACTIVE');
    // Health sits at the top of the overview.
    const firstSection = page.getByTestId('panel-overview').locator('section').first();
    await firstSection.getByTestId('cluster-health').waitFor();
    expect(await firstSection.getAttribute('data-testid')).toBe('cluster-health-section');
    await checkPage('cluster-overview', NO_FORECAST_YET);

    const panels: Record<string, string> = {
      nodes: 'nodes-table',
      health: 'cluster-health',
      operations: 'operations',
      upgrades: 'benchmarks-upgrades',
      capacity: 'capacity',
      backups: 'backups',
      settings: 'settings-form',
      audit: 'audit',
    };
    for (const [tab, testId] of Object.entries(panels)) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.waitForURL(new RegExp(`#/clusters/orders-ring/${tab}$`));
      await page.getByTestId(`panel-${tab}`).getByTestId(testId).first().waitFor();
      expect(await page.getByTestId(`tab-${tab}`).getAttribute('aria-selected')).toBe('true');
      await checkPage(`cluster-${tab}`, NO_FORECAST_YET, NO_PARAMETERS);
    }
    // A linked tab opens as itself after a reload.
    await page.goto(`${app.url}/#/clusters/orders-ring/capacity`);
    await page.reload();
    await page.getByTestId('panel-capacity').getByTestId('capacity').waitFor();
    expect(await page.getByTestId('nodes-table').count()).toBe(0);
    await checkPage('cluster-capacity-reloaded', NO_FORECAST_YET);
  }, 120_000);

  it('opens the connect panel from the header on any tab', async () => {
    await page.getByTestId('connect-toggle').click();
    await page.getByTestId('connect-panel').waitFor();
    expect(await page.getByTestId('connect-uri').textContent()).toMatch(/\*\*\*\*/);
    await page.getByTestId('tab-audit').click();
    await page.getByTestId('connect-panel').waitFor();
    await checkPage('cluster-connect-on-audit', NO_FORECAST_YET);
  });
});
