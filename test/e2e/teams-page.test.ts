import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, type CheckPage } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp({ roles: ['api'] });
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 1000 }, onlyOrigin: app.url }));
  await page.route(
    (url) => url.origin !== new URL(app.url).origin,
    (route) => route.abort(),
  );
  await page.goto(`${app.url}/#token=${app.adminToken}`);
  await page.getByTestId('inventory').waitFor();
}, 180_000);

afterAll(async () => {
  // The page's event stream holds a connection open that the server would wait for.
  await page?.goto('about:blank');
  await browser?.close();
  await app?.stop();
});

describe('teams page in a real browser', () => {
  interface TeamJson {
    chatChannel: string | null;
    pagingKey?: string | null;
  }
  const team = async (name: string) => json<TeamJson>(await app.api(`/api/teams/${name}`));

  it('creates a team with every field the API takes, paging key included, and edits them', async () => {
    await page.getByTestId('nav-teams').click();
    await page.getByTestId('team-form').waitFor();
    await page.getByTestId('team-name').fill('search');
    await page.getByTestId('team-email').fill('search@example.com');
    await page.getByTestId('team-chat').fill('#search');
    await page.getByTestId('team-paging-key').fill('search-routing-key');
    await page.getByTestId('team-submit').click();
    await page.getByTestId('team-search').waitFor();
    expect(await page.getByTestId('team-search').getByTestId('paging-key-cell').textContent()).toBe('search-routing-key');
    expect(await team('search')).toMatchObject({ chatChannel: '#search', pagingKey: 'search-routing-key' });

    await page.getByTestId('edit-team-search').click();
    await page.getByTestId('edit-paging-key').fill('not a key');
    await page.getByTestId('team-save').click();
    await expect.poll(() => page.getByTestId('edit-error').textContent()).toMatch(/pagingKey/);
    expect((await team('search')).pagingKey).toBe('search-routing-key');

    await page.getByTestId('edit-paging-key').fill('search-key-2');
    await page.getByTestId('edit-chat').fill('');
    await page.getByTestId('team-save').click();
    await expect.poll(() => page.getByTestId('team-search').getByTestId('paging-key-cell').textContent()).toBe('search-key-2');
    expect(await team('search')).toMatchObject({ chatChannel: null, pagingKey: 'search-key-2' });
    await checkPage('teams', /status of 400 \(Bad Request\) \(http:\/\/[^/]+\/api\/teams\/search\)$/);
  });

  it('issues a token with a name and an expiry, lists it, rotates it and revokes it', async () => {
    await page.getByTestId('show-tokens-search').click();
    await expect.poll(() => page.getByTestId('team-tokens').locator('h2').textContent()).toBe('Tokens of search');
    await page.getByTestId('token-name').fill('deploy');
    await page.getByTestId('token-expires').fill('2099-01-31T12:00');
    await page.getByTestId('issue-token-search').click();
    await page.getByTestId('token-deploy').waitFor();
    const first = (await page.getByTestId('issued-token').locator('code').textContent())!;
    expect((await app.api('/api/me', { token: first })).status).toBe(200);
    const listed = await json<Array<{ name: string; expiresAt: string | null }>>(await app.api('/api/teams/search/tokens'));
    expect(new Date(listed.find((t) => t.name === 'deploy')!.expiresAt!).getFullYear()).toBe(2099);
    expect(await page.getByTestId('token-deploy').textContent()).toContain('2099');

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('rotate-deploy').click();
    await expect.poll(() => page.getByTestId('issued-token').locator('code').textContent()).not.toBe(first);
    const second = (await page.getByTestId('issued-token').locator('code').textContent())!;
    expect((await app.api('/api/me', { token: first })).status).toBe(401);
    expect((await app.api('/api/me', { token: second })).status).toBe(200);
    // The rotated token keeps its name and expiry; the old secret's row stays, revoked.
    const statuses = () => page.getByTestId('token-status-deploy').allTextContents();
    await expect.poll(async () => (await statuses()).sort()).toEqual(['active', 'revoked']);
    await checkPage('teams-tokens');

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('revoke-deploy').click();
    await expect.poll(statuses).toEqual(['revoked', 'revoked']);
    expect((await app.api('/api/me', { token: second })).status).toBe(401);
    await checkPage('teams-revoked');
  });
});
