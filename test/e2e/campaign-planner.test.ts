import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

const clusters = [
  ['ledger-test', 'test'],
  ['ledger-prod', 'prod'],
] as const;
let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
/** The dry run the test makes the server refuse on purpose. */
const PLAN_REFUSED = /status of 400 \(Bad Request\) \(http:\/\/[^/]+\/api\/campaigns\/plan\)$/;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp({ config: { simulatorTimeScale: 2000, campaignTickMs: 200, healthIntervalMs: 600_000 } });
  for (const [name, environment] of clusters) {
    await app.api('/api/clusters', {
      method: 'POST',
      json: { name, engine: 'cassandra', owner: 'platform', environment, expectedDataGb: 30, regions: ['us-west-2'] },
    });
  }
  await eventually(
    async () => (await Promise.all(clusters.map(([n]) => app.ctx.repos.clusters.find(n)))).every((c) => c?.status === 'ACTIVE'),
    120_000,
    250,
  );
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 900 }, onlyOrigin: app.url }));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The planner opened afresh and named; the clusters' instance type now and another from the catalog. */
async function openPlanner(name: string): Promise<{ current: string; other: string }> {
  const current = (await app.ctx.repos.clusters.find('ledger-test'))!.spec.instanceType;
  await page.goto(`${app.url}/#/campaigns/new`);
  await page.getByTestId('campaign-form').waitFor();
  await page.getByTestId('campaign-name').fill(name);
  await expect.poll(() => page.getByTestId('campaign-engine').locator('option[value="cassandra"]').count()).toBe(1);
  return { current, other: current === 'i3.2xlarge' ? 'i3.4xlarge' : 'i3.2xlarge' };
}

describe('campaigns planned and started from the console', () => {
  it('previews the waves from the selector and settings, then starts the campaign', async () => {
    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('new-campaign').click();
    await page.getByTestId('campaign-form').waitFor();
    await page.getByTestId('plan-waiting').waitFor();
    await page.getByTestId('campaign-name').fill('ledger-5.0.2');
    await expect.poll(() => page.getByTestId('campaign-engine').locator('option[value="cassandra"]').count()).toBe(1);
    await page.getByTestId('campaign-engine').selectOption('cassandra');
    await page.getByTestId('campaign-to-version').selectOption('5.0.2');
    await page.getByTestId('campaign-region-us-west-2').check();
    await page.getByTestId('campaign-owner-platform').check();
    await page.getByTestId('campaign-soak').fill('0');
    await page.getByTestId('campaign-in-flight').fill('1');
    await page.getByTestId('campaign-failure-budget').fill('1');
    await page.getByTestId('campaign-benchmark-seconds').fill('1');
    const preview = page.getByTestId('plan-preview');
    await expect.poll(() => preview.getAttribute('data-clusters'), { timeout: 15_000 }).toBe('2');
    expect(await preview.getAttribute('data-waves')).toBe('2');
    expect(await page.getByTestId('plan-wave').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-environment')))).toEqual([
      'test',
      'prod',
    ]);
    // A selector nothing matches plans nothing: the preview follows the form.
    await page.getByTestId('campaign-tags').fill('tier=none');
    await expect.poll(() => preview.getAttribute('data-clusters'), { timeout: 15_000 }).toBe('0');
    await page.getByTestId('campaign-tags').fill('');
    await expect.poll(() => preview.getAttribute('data-clusters'), { timeout: 15_000 }).toBe('2');
    await checkPage('campaign-plan');

    await page.getByTestId('campaign-start').click();
    await page.getByTestId('campaign').waitFor();
    expect(page.url()).toMatch(/#\/campaigns\/[0-9a-f-]+$/);
    await checkPage('campaign-started');
  });

  it('shows when each wave ran as the campaign runs, never a wave planned in the past once it finished', async () => {
    await expect.poll(() => page.getByTestId('campaign').getAttribute('data-status'), { timeout: 180_000 }).toMatch(/completed|halted/);
    const timings = page.getByTestId('wave-timing');
    await expect
      .poll(() => timings.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), { timeout: 30_000 })
      .toEqual(['done', 'done']);
    expect((await timings.allTextContents()).every((t) => t.startsWith('ran '))).toBe(true);

    // Each cell is named on hover; the legend names every colour with its count.
    expect(await page.getByTestId('legend-item').count()).toBe(8);
    const cell = page.locator('[data-testid="matrix-cell"][data-cluster="ledger-prod"]');
    await cell.hover();
    await expect.poll(() => page.getByTestId('matrix-hover').textContent()).toMatch(/^ledger-prod \(platform\): /);
    expect(await cell.getAttribute('title')).toMatch(/^ledger-prod/);
    await checkPage('campaign-finished');
  }, 240_000);

  it('plans by instance type: the types come from the catalog, and clusters already on the type are skipped', async () => {
    const { current, other } = await openPlanner('ledger-retype');
    await expect.poll(() => page.getByTestId('campaign-to-instance-type').locator(`option[value="${other}"]`).count()).toBe(1);
    await page.getByTestId('campaign-to-instance-type').selectOption(other);
    await page.getByTestId('campaign-region-us-west-2').check();
    const preview = page.getByTestId('plan-preview');
    await expect.poll(() => preview.getAttribute('data-clusters'), { timeout: 15_000 }).toBe('2');
    expect(await preview.getAttribute('data-waves')).toBe('2');
    await checkPage('campaign-plan-instance-type');

    // A cluster already on the chosen type is skipped: ledger-test's own type leaves only the clusters on another.
    const types = await Promise.all(clusters.map(async ([n]) => (await app.ctx.repos.clusters.find(n))!.spec.instanceType));
    await page.getByTestId('campaign-to-instance-type').selectOption(current);
    const elsewhere = String(types.filter((t) => t !== current).length);
    await expect.poll(() => preview.getAttribute('data-clusters'), { timeout: 15_000 }).toBe(elsewhere);
    await checkPage('campaign-plan-instance-type-skipped');
  });

  it('plans a version and an instance type together, places a refused dry run under its field, and starts what it previewed', async () => {
    const { other } = await openPlanner('ledger-both');
    await page.getByTestId('campaign-to-version').selectOption('5.0.2');
    await expect.poll(() => page.getByTestId('campaign-to-instance-type').locator(`option[value="${other}"]`).count()).toBe(1);
    await page.getByTestId('campaign-to-instance-type').selectOption(other);
    await page.getByTestId('campaign-region-us-west-2').check();
    await page.getByTestId('campaign-soak').fill('60');
    const preview = page.getByTestId('plan-preview');
    // Every cluster lacks the type, whatever version the first campaign left it on.
    await expect.poll(() => preview.getAttribute('data-clusters'), { timeout: 15_000 }).toBe('2');

    // The server refuses a draft: its problem appears under the field it names, and nothing can start.
    await page.getByTestId('campaign-in-flight').fill('0');
    const inFlightError = page.getByTestId('field-error-inFlight');
    await expect.poll(() => inFlightError.count(), { timeout: 15_000 }).toBe(1);
    expect(await inFlightError.textContent()).toMatch(/^Upgrading at once must be >= 1/);
    expect(await preview.count()).toBe(0);
    expect(await page.getByTestId('plan-waiting').textContent()).toMatch(/refused this plan: correct what is marked/);
    expect(await page.getByTestId('campaign-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('campaign-error').count()).toBe(0);
    await checkPage('campaign-plan-refused', PLAN_REFUSED);

    await page.getByTestId('campaign-in-flight').fill('1');
    await expect.poll(() => preview.getAttribute('data-clusters'), { timeout: 15_000 }).toBe('2');
    expect(await inFlightError.count()).toBe(0);
    await checkPage('campaign-plan-version-and-type');

    // Start posts the body the preview was made from: both targets.
    await page.getByTestId('campaign-start').click();
    await page.getByTestId('campaign').waitFor();
    const id = /#\/campaigns\/([0-9a-f-]+)$/.exec(page.url())![1]!;
    const view = (await (await app.api(`/api/campaigns/${id}`)).json()) as {
      campaign: { toVersion: string | null; toInstanceType: string | null; inFlight: number };
    };
    expect(view.campaign).toMatchObject({ toVersion: '5.0.2', toInstanceType: other, inFlight: 1 });
    await checkPage('campaign-version-and-type-started');
    expect((await app.api(`/api/campaigns/${id}/cancel`, { method: 'POST', json: { reason: 'end of the test' } })).status).toBe(200);
  });
});
