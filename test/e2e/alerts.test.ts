import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
const clusterName = 'alerted-store';

beforeAll(async () => {
  await buildUi();
  // Health snapshots rarely: the only alerts in this test are the ones it posts.
  app = await startTestApp({ config: { healthIntervalMs: 600_000 } });
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 900 }, onlyOrigin: app.url }));
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const value = (testId: string) => page.getByTestId(testId).getAttribute('data-value');
const postAlert = async (json: Record<string, string>) => {
  const res = await app.api('/api/alerts', { method: 'POST', json });
  expect(res.status).toBe(202);
  return (await res.json()) as { action: string };
};

describe('alerts page in a real browser', () => {
  it('shows an unconfirmed NodeDown as such, a confirmed one remediated as a page avoided, an unknown alert as recorded but not delivered, live', async () => {
    await app.api('/api/clusters', {
      method: 'POST',
      json: { name: clusterName, engine: 'redis', owner: 'platform', expectedDataGb: 5, regions: ['us-east-1'], environment: 'prod' },
    });
    await eventually(async () => (await app.ctx.repos.clusters.find(clusterName))?.status === 'ACTIVE', 60_000);
    const cluster = (await app.ctx.repos.clusters.find(clusterName))!;
    const target = (await app.ctx.repos.nodes.forCluster(cluster.id))[0]!;
    const node = target.name;

    await page.goto(`${app.url}/#token=${app.adminToken}`);
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alerts-summary').waitFor();
    expect(await value('pages-avoided')).toBe('0');
    expect(await value('pages-sent')).toBe('0');
    expect(await page.getByTestId('remediations').textContent()).toContain('Nothing remediated automatically yet');
    // No PagerDuty or Slack in this test: the page says nobody would be woken.
    expect(await page.getByTestId('no-pager-banner').textContent()).toContain('No pager is configured');
    // Marks this document: if the page reloaded itself to catch up, the mark would be gone.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    await checkPage('alerts-none');

    // The node is up: the alert's word alone changes nothing, and the console says why.
    expect(
      (await postAlert({ name: 'NodeDown', cluster: clusterName, node, severity: 'critical', summary: `${node} stopped answering` }))
        .action,
    ).toBe('unconfirmed');
    const unconfirmed = page.locator('[data-testid="alert-row"][data-verdict="unconfirmed"]');
    await expect.poll(() => unconfirmed.count(), { timeout: 15_000 }).toBe(1);
    expect(await unconfirmed.getByTestId('alert-unconfirmed').textContent()).toContain('unconfirmed');
    expect(await unconfirmed.getByTestId('alert-unconfirmed').textContent()).toContain(`the provider reports ${node} running`);
    await expect.poll(() => value('count-unconfirmed'), { timeout: 15_000 }).toBe('1');
    expect(await page.getByTestId('remediation-row').count()).toBe(0);

    await app.ctx.providers.forRegion(target.region).stopNode(target.providerId!);
    expect(
      (await postAlert({ name: 'NodeDown', cluster: clusterName, node, severity: 'critical', summary: `${node} stopped answering` }))
        .action,
    ).toBe('remediating');
    expect(
      (await postAlert({ name: 'DiskFullUnknown', cluster: clusterName, severity: 'warning', summary: 'disk nearly full' })).action,
    ).toBe('page-recorded');

    const remediation = page.getByTestId('remediation-row');
    const sentPage = page.getByTestId('page-row');
    await expect.poll(() => remediation.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => sentPage.count(), { timeout: 60_000 }).toBe(1);
    expect(await remediation.getAttribute('data-alert')).toBe('NodeDown');
    expect(await remediation.textContent()).toContain(node);
    expect(await sentPage.getAttribute('data-alert')).toBe('DiskFullUnknown');
    expect(await sentPage.getAttribute('data-status')).toBe('triggered');
    expect(await sentPage.getAttribute('data-delivery')).toBe('no_pager');
    expect(await sentPage.getByTestId('page-not-delivered').textContent()).toBe('recorded, not delivered: no pager configured');
    await expect.poll(() => page.getByTestId('alert-row').count(), { timeout: 60_000 }).toBe(3);
    expect(await page.locator('[data-testid="alert-row"][data-verdict="confirmed"]').count()).toBe(1);
    await expect.poll(() => value('count-alerts'), { timeout: 60_000 }).toBe('3');
    await expect.poll(() => value('count-pages-not-delivered'), { timeout: 60_000 }).toBe('1');
    expect(await value('pages-sent')).toBe('0');

    // The playbook's operation finishes in the worker; the page learns it without a reload.
    await expect.poll(() => remediation.getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    await expect.poll(() => value('pages-avoided'), { timeout: 60_000 }).toBe('1');
    await expect.poll(() => value('count-succeeded'), { timeout: 60_000 }).toBe('1');
    expect(await page.getByTestId('avoided-share').textContent()).toContain('50%');
    expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true);
    await checkPage('alerts');

    // A resolved alert resolves its page, and the page row says so.
    await postAlert({ name: 'DiskFullUnknown', cluster: clusterName, status: 'resolved', summary: 'disk freed' });
    await expect.poll(() => sentPage.getAttribute('data-status'), { timeout: 60_000 }).toBe('resolved');
    // The list and the counts are separate queries: each catches up on its own.
    await expect.poll(() => value('count-pages-open'), { timeout: 60_000 }).toBe('0');
    await checkPage('alerts-page-resolved');
  });

  it('links a remediation to the operation it ran, opened on its cluster page', async () => {
    await page.getByTestId('remediation-operation').click();
    await page.getByTestId('operations').waitFor();
    expect(page.url()).toContain(`#/clusters/${clusterName}/operations/`);
    const operation = page.getByTestId('operation-restart_node');
    await expect.poll(() => operation.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('operation-steps').count()).toBe(1);
    await checkPage('alerts-remediation-operation', NO_FORECAST_YET);
  });
});
