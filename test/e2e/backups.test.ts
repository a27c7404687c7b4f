import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { launchBrowser } from '../helpers/browser';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await buildUi();
  app = await startTestApp();
  ({ browser, page } = await launchBrowser({ width: 1400, height: 1000 }));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function primaryOf(name: string): Promise<pg.Client> {
  const cluster = await eventually(async () => {
    const c = await app.ctx.repos.clusters.find(name);
    if (c?.status === 'FAILED') throw new Error(`${name} failed: ${c.statusReason}`);
    return c?.status === 'ACTIVE' ? c : undefined;
  }, 180_000);
  const primary = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!;
  const client = new pg.Client({
    host: primary.host!,
    port: primary.port!,
    user: 'datafleet',
    password: await app.ctx.repos.clusters.password(cluster.id),
    database: 'postgres',
  });
  await client.connect();
  return client;
}

describe('backups in a real browser', () => {
  it('backs up from the Backups section and starts a point-in-time restore that opens the new cluster', async () => {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'books', engine: 'postgres', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'test' },
    });
    expect(res.status).toBe(202);
    const writer = await primaryOf('books');
    await writer.query('CREATE TABLE loans (id int)');
    await writer.query('INSERT INTO loans SELECT generate_series(1, 10)');

    await page.goto(`${app.url}/#token=${app.adminToken}`);
    // The console keeps the token and drops it from the address before the next page is opened.
    await page.getByTestId('inventory').waitFor();
    await page.goto(`${app.url}/#/clusters/books`);
    await page.getByTestId('back-up').click();
    await page.locator('[data-testid="backup-row"][data-status="succeeded"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('backup-policy').textContent()).toMatch(/kept 14 days/);

    await writer.query('INSERT INTO loans SELECT generate_series(11, 20)');
    await sleep(2500);
    const target = new Date().toISOString();
    await sleep(1500);
    await writer.query('INSERT INTO loans SELECT generate_series(21, 30)');
    await writer.end();

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

    const reader = await primaryOf('books-asof');
    expect(Number((await reader.query('SELECT count(*) AS n FROM loans')).rows[0]?.n)).toBe(20);
    await reader.end();
  });
});
