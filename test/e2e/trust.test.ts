import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, signInAs, type CheckPage } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { clusterOf, teamWithToken } from '../helpers/teams';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
let ownToken: string;
let otherToken: string;

beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
  await buildUi();
  ownToken = await teamWithToken(app, 'web-team', { pagingKey: 'web-routing-key' });
  otherToken = await teamWithToken(app, 'other-team', { pagingKey: 'other-routing-key' });
  await clusterOf(app, 'web-cache', 'other-team');
  ({ browser, page, checkPage } = await launchWatchedBrowser({ onlyOrigin: app.url }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('console: tokens and ownership', () => {
  it("lists the signed-in team's tokens and revokes one; the revoked token is refused at once", async () => {
    const spare = (await (await app.api('/api/teams/web-team/tokens', { method: 'POST', json: { name: 'spare' } })).json()) as {
      token: string;
    };
    expect((await app.api('/api/me', { token: spare.token })).status).toBe(200);

    await signInAs(page, app.url, ownToken, 'web-team');
    await page.goto(`${app.url}/#/teams`);
    await page.getByTestId('team-tokens').waitFor();
    await page.getByTestId('token-spare').waitFor();
    expect(await page.getByTestId('token-status-spare').textContent()).toBe('active');
    expect(await page.getByTestId('token-web-team-ci').textContent()).toContain('active');
    // Another team's paging key is not shown, nor may its tokens be managed from here.
    const otherRow = await page.getByTestId('team-other-team').textContent();
    expect(otherRow).not.toContain('other-routing-key');
    expect(otherRow).toContain('(set)');
    expect(await page.getByTestId('show-tokens-other-team').count()).toBe(0);
    expect(await page.getByTestId('team-web-team').textContent()).toContain('web-routing-key');

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('revoke-spare').click();
    await eventually(async () => (await page.getByTestId('token-status-spare').textContent()) === 'revoked', 10_000);
    await checkPage('trust-token-revoked');
    expect((await app.api('/api/me', { token: spare.token })).status).toBe(401);
    expect((await app.api('/api/me', { token: ownToken })).status).toBe(200);
  });

  it('shows a pending transfer offer on the cluster page and lets the receiving team accept it', async () => {
    expect(
      (
        await app.api('/api/clusters/web-cache/transfer', {
          method: 'POST',
          token: otherToken,
          json: { to: 'web-team', reason: 'web owns caching now' },
        })
      ).status,
    ).toBe(201);
    await page.goto(`${app.url}/#/clusters/web-cache/settings`);
    const offer = page.getByTestId('pending-transfer');
    await offer.waitFor();
    expect(await offer.textContent()).toContain('web-team');
    expect(await offer.textContent()).toContain('web owns caching now');
    await page.getByTestId('transfer-accept').click();
    await page.getByTestId('transfer-form').waitFor();
    await eventually(async () => (await app.ctx.repos.clusters.find('web-cache'))?.ownerTeamName === 'web-team', 10_000);
    await checkPage('trust-transfer-accepted', NO_FORECAST_YET);
  });
});
