import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Redis } from 'ioredis';
import { launchWatchedBrowser, NO_FORECAST_YET, signInAs, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';
import { buildUi } from '../../ui/build';

/** The Connect panel, driven in a real browser against a real local Redis cluster. */
let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
let owner: string;
let stranger: string;
let errors: string[];
const clusterName = 'panel-cache';

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  owner = await teamWithToken(app, 'checkout');
  stranger = await teamWithToken(app, 'catalog');
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name: clusterName, engine: 'redis', owner: 'checkout', expectedDataGb: 0.5, regions: ['local'], environment: 'test' },
  });
  expect(res.status).toBe(202);
  await eventually(async () => (await app.ctx.repos.clusters.find(clusterName))?.status === 'ACTIVE', 120_000, 250);
  ({ browser, page, errors, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 900 }, onlyOrigin: app.url }));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
}, 180_000);

afterAll(async () => {
  if (app && (await app.ctx.repos.clusters.find(clusterName))?.status === 'ACTIVE') {
    await app.api(`/api/clusters/${clusterName}`, { method: 'DELETE' });
    await eventually(async () => (await app.ctx.repos.clusters.find(clusterName))?.status === 'DECOMMISSIONED', 60_000).catch(
      () => undefined,
    );
  }
  await browser?.close();
  await app?.stop();
}, 120_000);

const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

async function openPanel(token: string, team: string): Promise<void> {
  await signInAs(page, app.url, token, team);
  // The audit tab: the panel opens from the header on any tab, and the reveal shows in the trail below it.
  await page.goto(`${app.url}/#/clusters/${clusterName}/audit`);
  await page.getByTestId('connect-toggle').click();
}

describe('the Connect panel', () => {
  it('shows the URI and the command with the password hidden, and copies them as shown', async () => {
    await openPanel(owner, 'checkout');
    await page.getByTestId('connect-panel').waitFor();
    expect(await page.getByTestId('connect-panel').getAttribute('data-revealed')).toBe('false');
    expect(await page.getByTestId('connect-uri').textContent()).toMatch(/^redis:\/\/default:\*{8}@127\.0\.0\.1:\d+$/);
    expect(await page.getByTestId('connect-command').textContent()).toMatch(
      /^redis-cli -h 127\.0\.0\.1 -p \d+ --user default --pass '\*{8}'/,
    );
    expect(await page.getByTestId('connect-password').count()).toBe(0);
    await page.getByTestId('copy-command').click();
    await expect.poll(() => page.getByTestId('copy-command').textContent()).toBe('Copied');
    expect(await clipboard()).toBe(await page.getByTestId('connect-command').textContent());
    await checkPage('connect-hidden', NO_FORECAST_YET);
  });

  it('reveals the password on "Reveal" (audited) and copies a URI a Redis client connects with', async () => {
    await page.getByTestId('connect-reveal').click();
    await expect.poll(() => page.getByTestId('connect-panel').getAttribute('data-revealed')).toBe('true');
    const password = await app.ctx.repos.clusters.password((await app.ctx.repos.clusters.find(clusterName))!.id);
    expect(await page.getByTestId('connect-password').textContent()).toBe(password);
    await page.getByTestId('copy-uri').click();
    await expect.poll(() => page.getByTestId('copy-uri').textContent()).toBe('Copied');
    const uri = await clipboard();
    expect(uri).toContain(password);

    const client = new Redis(uri, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await client.connect();
    expect(await client.set('checkout:42', 'paid')).toBe('OK');
    expect(await client.get('checkout:42')).toBe('paid');
    client.disconnect();

    const audit = (await (await app.api(`/api/clusters/${clusterName}/audit`)).json()) as Array<{ action: string; actor: string }>;
    expect(audit.filter((e) => e.action === 'cluster.connection.reveal').map((e) => e.actor)).toEqual(['checkout/checkout-ci']);
    // The page's own audit trail shows it too, and the panel stays open and revealed meanwhile.
    await expect.poll(() => page.getByTestId('audit').textContent()).toContain('cluster.connection.reveal');
    expect(await page.getByTestId('connect-panel').getAttribute('data-revealed')).toBe('true');
    await checkPage('connect-revealed', NO_FORECAST_YET);
  });

  it('hides the password again on "Hide"', async () => {
    await page.getByTestId('connect-hide').click();
    await expect.poll(() => page.getByTestId('connect-panel').getAttribute('data-revealed')).toBe('false');
    expect(await page.getByTestId('connect-uri').textContent()).toContain('********');
    expect(await page.getByTestId('connect-password').count()).toBe(0);
    await checkPage('connect-hidden-again', NO_FORECAST_YET);
  });

  it('shows another team the server’s refusal and no connection', async () => {
    await openPanel(stranger, 'catalog');
    await expect.poll(() => page.getByTestId('connect-error').textContent()).toMatch(/may not read the connection details/);
    expect(await page.getByTestId('connect-panel').count()).toBe(0);
    // The refused requests (the connection details, the users) are the only errors the browser reports.
    expect(errors.some((e) => /status of 403 .*\/api\/clusters\/panel-cache\/connection\)$/.test(e))).toBe(true);
    await checkPage(
      'connect-refused',
      NO_FORECAST_YET,
      /status of 403 \(Forbidden\) .*\/api\/clusters\/panel-cache\/(connection|users)\)$/,
    );
  });
});
