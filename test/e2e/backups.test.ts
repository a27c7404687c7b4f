import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, NO_FORECAST_YET, type CheckPage } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { untilActive } from '../helpers/cluster-waits';
import { buildUi } from '../../ui/build';

/**
 * A PostgreSQL cluster used the way its owner would from the console alone: connect with the URI the
 * Connect panel copies (libpq's psql, multi-host URI and all), back up from the Backups section, see
 * the backup listed as the API has it, restore to a point in time between two writes, and connect
 * to the new cluster the same way to find exactly the earlier rows.
 */
let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  ({ browser, page, checkPage } = await launchWatchedBrowser({ viewport: { width: 1400, height: 1000 }, onlyOrigin: app.url }));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The URI the cluster page's Connect panel copies once the password is revealed. */
async function copiedUri(name: string): Promise<string> {
  await page.goto(`${app.url}/#/clusters/${name}/backups`);
  await page.getByTestId('connect-toggle').click();
  await page.getByTestId('connect-reveal').click();
  await expect.poll(() => page.getByTestId('connect-panel').getAttribute('data-revealed')).toBe('true');
  await page.getByTestId('copy-uri').click();
  await expect.poll(() => page.getByTestId('copy-uri').textContent()).toBe('Copied');
  const uri = await page.evaluate(() => navigator.clipboard.readText());
  expect(uri).toBe(await page.getByTestId('connect-uri').textContent());
  await checkPage(`backups-connect-${name}`, NO_FORECAST_YET);
  return uri;
}

/** psql (libpq: the client applications use) with the copied URI; returns its unaligned output. */
function psql(uri: string, sql: string): string {
  const result = spawnSync('psql', [uri, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr || result.error?.message}`);
  return result.stdout.trim();
}

describe('backups in a real browser', () => {
  it('backs up from the Backups section, lists the backup, and starts a point-in-time restore into a new cluster that serves the earlier rows', async () => {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'books', engine: 'postgres', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'test' },
    });
    expect(res.status).toBe(202);
    await untilActive(app, 'books', 180_000);

    await page.goto(`${app.url}/#token=${app.adminToken}`);
    // The console keeps the token and drops it from the address before the next page is opened.
    await page.getByTestId('inventory').waitFor();
    const uri = await copiedUri('books');
    expect(uri).toMatch(/^postgresql:\/\/datafleet:[^*@]+@127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\/postgres\?target_session_attrs=read-write$/);
    psql(uri, 'CREATE TABLE loans (id int); INSERT INTO loans SELECT generate_series(1, 10)');

    await page.getByTestId('back-up').click();
    await page.locator('[data-testid="backup-row"][data-status="succeeded"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('backup-policy').textContent()).toMatch(/kept 14 days/);
    // The section lists the backup as the API records it: kind, pgBackRest's label, its size.
    const [backup] = (await (await app.api('/api/clusters/books/backups')).json()) as Array<{
      label: string;
      kind: string;
      sizeBytes: number;
    }>;
    expect(backup!.label).toMatch(/^\d{8}-\d{6}F$/);
    const row = page.getByTestId('backup-row');
    expect(await row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe('full');
    expect(cells[3]).toBe(backup!.label);
    expect(cells[4]).toBe(`${(backup!.sizeBytes / 1_048_576).toFixed(1)} MB`);
    expect(await row.getByTestId('restore-backup').count()).toBe(1);
    await checkPage('backups-listed', NO_FORECAST_YET);

    psql(uri, 'INSERT INTO loans SELECT generate_series(11, 20)');
    await sleep(2500);
    const target = new Date().toISOString();
    await sleep(1500);
    psql(uri, 'INSERT INTO loans SELECT generate_series(21, 30)');

    // The input takes the browser's local time, to the second.
    const local = await page.evaluate((iso) => {
      const d = new Date(iso);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    }, target);
    await page.getByTestId('restore-name').fill('books-asof');
    await page.getByTestId('restore-to').fill(local);
    await page.getByTestId('restore-submit').click();
    await page.waitForURL(/#\/clusters\/books-asof$/, { timeout: 30_000 });
    expect(await page.getByTestId('cluster-origin').textContent()).toMatch(/^books as of /);
    await expect.poll(() => page.getByTestId('cluster-status').textContent(), { timeout: 180_000, interval: 500 }).toBe('ACTIVE');
    await checkPage('backups-restored-cluster', NO_FORECAST_YET);

    // The new cluster is an ordinary one: its own Connect panel's URI reaches it, holding exactly the rows before the target.
    const cloneUri = await copiedUri('books-asof');
    expect(cloneUri).not.toBe(uri);
    expect(psql(cloneUri, 'SELECT count(*), max(id) FROM loans')).toBe('20|20');
    expect(psql(uri, 'SELECT count(*) FROM loans')).toBe('30');
  });
});
