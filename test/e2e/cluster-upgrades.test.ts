import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
const clusterName = 'ledger-ring';
/** The upgrade the test asks for on purpose to a version with no upgrade path. */
const UPGRADE_REFUSED = /status of 400 \(Bad Request\) \(http:\/\/[^/]+\/api\/clusters\/ledger-ring\/upgrades\)$/;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp({ config: { simulatorTimeScale: 2000 } });
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 900 }, onlyOrigin: app.url }));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('cluster benchmarks and upgrades in a real browser', () => {
  it('requests an upgrade to a regressing version from the form and shows the gate turning it down', async () => {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: clusterName, engine: 'cassandra', owner: 'platform', environment: 'test', expectedDataGb: 30, regions: ['us-east-1'] },
    });
    expect(res.status).toBe(202);
    await eventually(async () => (await app.ctx.repos.clusters.find(clusterName))?.status === 'ACTIVE', 120_000, 250);

    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${app.url}/#/clusters/${clusterName}/upgrades`);
    await page.getByTestId('benchmarks-upgrades').waitFor();
    expect(await page.getByTestId('no-upgrades').count()).toBe(1);
    expect(await page.getByTestId('upgrade-current').getAttribute('data-status')).toBe('none');
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    // A version the catalog offers from 4.1.6 but that the simulator knows regresses p99.
    const version = page.getByTestId('upgrade-version');
    await expect.poll(() => version.locator('option').allTextContents()).toContain('4.1.7');
    await version.selectOption('4.1.7');
    await page.getByTestId('upgrade-force').check();
    await page.getByTestId('upgrade-submit').click();
    await page.getByTestId('upgrade-requested').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('upgrade-error').count()).toBe(0);

    const decision = page.getByTestId('decision');
    await expect.poll(() => decision.count(), { timeout: 60_000 }).toBe(1);
    expect(await decision.textContent()).toContain('4.1.7');
    // Followed live: the upgrade is visible while it runs, then the gate's verdict arrives.
    await expect.poll(() => decision.getAttribute('data-verdict'), { timeout: 120_000 }).toBe('regression');
    // A rollback that worked is shown as rolled back (amber), not as a red failure, with the gate's evidence.
    await expect.poll(() => decision.getAttribute('data-status'), { timeout: 60_000 }).toBe('rolled_back');
    expect(await page.getByTestId('upgrade-current').getAttribute('data-status')).toBe('none');
    const pill = decision.locator('h4 .pill').first();
    expect(await pill.textContent()).toBe('rolled_back');
    expect(await pill.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(214, 158, 46)');
    expect(await decision.getByTestId('decision-reason').textContent()).toMatch(
      /Rolled back as designed at the canary: only \S+ was changed.*regression: [a-z0-9-]+ reads at the canary: .*p99/,
    );
    expect(await decision.getByTestId('decision-error').count()).toBe(0);

    const rows = decision.getByTestId('comparison-row');
    expect(await rows.count()).toBeGreaterThan(0);
    const regressed = decision.locator('[data-testid="comparison-row"][data-verdict="regression"]').first();
    const p99 = regressed.getByTestId('p99-pair');
    const before = Number(await p99.getAttribute('data-before'));
    const after = Number(await p99.getAttribute('data-after'));
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(before * 1.1);
    expect(await p99.textContent()).toMatch(/ms.*ms/);
    expect(await regressed.getByTestId('gate-reasons').textContent()).toMatch(/p99/);
    // Caught at the canary: the evidence as the gate saw it, each slice of the baseline beside the same slice of the canary.
    expect(await regressed.getAttribute('data-paired')).toBe('true');
    expect(await regressed.getByTestId('paired-nodes').textContent()).toMatch(/reads at the canary \S+ before and after its change/);
    const strip = regressed.getByTestId('paired-slice-strip');
    const pairs = Number(await strip.getAttribute('data-pairs'));
    expect(pairs).toBeGreaterThanOrEqual(4);
    expect(await strip.getByTestId('slice-pair').count()).toBe(pairs);
    expect(await strip.locator('circle[data-side="baseline"]').count()).toBe(pairs);
    expect(await strip.locator('circle[data-side="canary"]').count()).toBe(pairs);
    const p99Test = regressed.getByTestId('gate-p99');
    expect(Number(await p99Test.getAttribute('data-low'))).toBeGreaterThan(10);
    expect(await p99Test.textContent()).toMatch(
      /p99 \+[\d.]+% \(95% interval \+[\d.]+% to \+[\d.]+%;.*paired slices, middle 60%, the pair's offset ±[\d.]+% run to run over 3 \+ 1 runs\s*\) · regression/,
    );
    expect(await decision.getByTestId('decision-summary').textContent()).toMatch(
      /^regression in .*\(threshold 10%, family-wise error rate 0\.002\)/,
    );

    // Rolled back: the cluster still runs 4.1.6, on the page and in the API.
    await expect.poll(() => page.getByTestId('header-engine').textContent(), { timeout: 60_000 }).toContain('cassandra 4.1.6');
    expect((await app.ctx.repos.clusters.find(clusterName))?.spec.version).toBe('4.1.6');
    // The upgrade's runs are in the benchmark history: before the change, and the canary's beside its baseline (nothing after: it stopped at the canary).
    await expect
      .poll(() => page.locator('[data-testid="benchmark-row"][data-phase="canary"]').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    expect(await page.locator('[data-testid="benchmark-row"][data-phase="baseline"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="benchmark-row"][data-phase="before"]').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true);
    await checkPage('cluster-upgrade-rolled-back', NO_FORECAST_YET);
  }, 240_000);

  it("shows the server's message inline when the upgrade is refused, and runs an on-demand benchmark live", async () => {
    // A version that is no upgrade path from 4.1.6 (added to the list by hand): the API refuses it with a 400.
    await page.getByTestId('upgrade-version').evaluate((el, v) => {
      const select = el as HTMLSelectElement;
      select.add(new Option(v, v));
      select.value = v;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }, '3.0.0');
    await page.getByTestId('upgrade-submit').click();
    const error = page.getByTestId('upgrade-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toMatch(/cannot be upgraded to 3\.0\.0/);
    await checkPage('cluster-upgrade-refused', NO_FORECAST_YET, UPGRADE_REFUSED);

    const onDemand = () => page.locator('[data-testid="benchmark-row"][data-phase="on-demand"]').count();
    expect(await onDemand()).toBe(0);
    await page.getByTestId('run-benchmark').click();
    const progress = page.getByTestId('benchmark-operation');
    await progress.waitFor({ timeout: 60_000 });
    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 120_000 }).toBe('succeeded');
    await expect.poll(onDemand, { timeout: 60_000 }).toBeGreaterThan(0);
    await checkPage('cluster-benchmark-on-demand', NO_FORECAST_YET);
  }, 180_000);
});
