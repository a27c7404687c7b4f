import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchWatchedBrowser, type CheckPage } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';
import { buildUi } from '../../ui/build';

let app: TestApp;
let browser: Browser;
let page: Page;
let checkPage: CheckPage;

type Health = 'healthy' | 'degraded' | 'unhealthy';
interface Seed {
  name: string;
  engine: string;
  nodes: number;
  environment: 'test' | 'prod';
  region: string;
  owner: string;
  health: Health;
  score: number;
  /** Days until full, for a forecast; none when absent. */
  fullIn?: number;
}

const fleet: Seed[] = [
  {
    name: 'fleet-cass-10',
    engine: 'cassandra',
    nodes: 12,
    environment: 'prod',
    region: 'us-west-2',
    owner: 'platform',
    health: 'healthy',
    score: 96,
  },
  {
    name: 'fleet-cass-2',
    engine: 'cassandra',
    nodes: 6,
    environment: 'prod',
    region: 'us-east-1',
    owner: 'payments',
    health: 'unhealthy',
    score: 20,
  },
  {
    name: 'fleet-cass-1',
    engine: 'cassandra',
    nodes: 3,
    environment: 'test',
    region: 'us-east-1',
    owner: 'platform',
    health: 'healthy',
    score: 91,
  },
  {
    name: 'session-redis',
    engine: 'redis',
    nodes: 3,
    environment: 'prod',
    region: 'us-east-1',
    owner: 'payments',
    health: 'degraded',
    score: 60,
  },
  {
    name: 'ledger-pg',
    engine: 'postgres',
    nodes: 3,
    environment: 'prod',
    region: 'eu-west-1',
    owner: 'platform',
    health: 'healthy',
    score: 93,
    fullIn: 40,
  },
  {
    name: 'events-es',
    engine: 'elasticsearch',
    nodes: 6,
    environment: 'test',
    region: 'us-west-2',
    owner: 'platform',
    health: 'healthy',
    score: 94,
    fullIn: 170,
  },
];
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

/** A cluster as the worker would have left it: ACTIVE with its nodes counted and its health scored (no worker runs here). */
async function seedCluster(c: Seed): Promise<void> {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name: c.name, engine: c.engine, owner: c.owner, expectedDataGb: 50, regions: [c.region], environment: c.environment },
  });
  expect(res.status).toBe(202);
  const { id, usableCapacityGb } = await json<{ id: string; usableCapacityGb: number }>(await app.api(`/api/clusters/${c.name}`));
  await app.ctx.pool.query(`UPDATE clusters SET status = 'ACTIVE', node_count = $2 WHERE id = $1`, [id, c.nodes]);
  await app.ctx.repos.health.transition({
    targetType: 'cluster',
    targetId: id,
    clusterId: id,
    fromState: 'unknown',
    toState: c.health,
    score: c.score,
    causes: c.health === 'healthy' ? [] : [`${c.health}: seeded for the fleet page`],
  });
  if (c.fullIn) {
    await seedDailyRollups(app.ctx.pool, id, { capacityGb: usableCapacityGb, fill: growingTowards(c.fullIn, 0.6), days: 120 });
    expect((await app.api(`/api/clusters/${c.name}/forecast`, { method: 'POST' })).status).toBe(200);
  }
}

beforeAll(async () => {
  await buildUi();
  // The api role alone: nothing but this test changes a cluster's status or health.
  app = await startTestApp({ roles: ['api'], config: { capacityWarningDays: 90 } });
  expect((await app.api('/api/teams', { method: 'POST', json: { name: 'payments', email: 'payments@example.com' } })).status).toBe(201);
  for (const c of fleet) await seedCluster(c);
  await seedCluster({ ...fleet[3]!, name: 'old-cache', health: 'healthy', score: 90 });
  await app.ctx.pool.query(`UPDATE clusters SET status = 'DECOMMISSIONED' WHERE name = 'old-cache'`);
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

const tileNames = () =>
  page.locator('[data-testid="treemap"] .tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(5)));
const box = async (name: string) => (await page.getByTestId(`tile-${name}`).boundingBox())!;

describe('fleet page in a real browser', () => {
  it('shows the health treemap first: worst first, area by node count, colour by health, counts, nothing decommissioned', async () => {
    await page.getByTestId('nav-fleet').click();
    await page.getByTestId('treemap').waitFor();
    await expect.poll(tileNames).toHaveLength(6);
    const names = await tileNames();
    expect(names.slice(0, 2)).toEqual(['fleet-cass-2', 'session-redis']);
    expect(names).not.toContain('old-cache');
    // Healthy ones by score, lowest first; equal rank falls back to the natural name order.
    expect(names.slice(2)).toEqual(['fleet-cass-1', 'ledger-pg', 'events-es', 'fleet-cass-10']);

    // Area is proportional to nodes (12 against 3), less the 2-pixel gap around each tile.
    const big = await box('fleet-cass-10');
    const small = await box('fleet-cass-1');
    expect((big.width * big.height) / (small.width * small.height)).toBeGreaterThan(3.4);
    expect((big.width * big.height) / (small.width * small.height)).toBeLessThan(4.6);
    expect(await page.getByTestId('tile-fleet-cass-2').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(194, 59, 50)');
    expect(await page.getByTestId('tile-fleet-cass-10').getAttribute('data-state')).toBe('healthy');

    const count = (state: string) => page.getByTestId(`count-${state}`).getAttribute('data-value');
    expect([await count('unhealthy'), await count('degraded'), await count('healthy')]).toEqual(['1', '1', '4']);
    expect(await page.getByTestId('map-total').getAttribute('data-nodes')).toBe('33');

    // The macro view comes before the planning lists.
    const healthFirst = await page.evaluate(() => {
      const map = document.querySelector('[data-testid="fleet-health"]')!;
      const atRisk = document.querySelector('[data-testid="at-risk"]')!;
      return Boolean(map.compareDocumentPosition(atRisk) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(healthFirst).toBe(true);
    await checkPage('fleet');
  });

  it('never wraps tile text: every line of every tile is one line box, cut with an ellipsis when too long', async () => {
    const lines = await page.locator('[data-testid="treemap"] .tile > span').evaluateAll((els) =>
      els.map((el) => {
        const style = getComputedStyle(el);
        return {
          text: el.textContent,
          nowrap: style.whiteSpace === 'nowrap',
          lineBoxes: el.getClientRects().length,
          height: el.getBoundingClientRect().height,
          lineHeight: parseFloat(style.lineHeight),
        };
      }),
    );
    expect(lines.length).toBeGreaterThan(6);
    expect(lines.some((l) => l.text?.includes('us-west-2'))).toBe(true);
    for (const line of lines) {
      expect(line.nowrap, line.text ?? '').toBe(true);
      expect(line.lineBoxes, line.text ?? '').toBe(1);
      expect(line.height, line.text ?? '').toBeLessThan(line.lineHeight * 1.5);
    }
    // A narrow window shrinks tiles; their text still does not wrap.
    await page.setViewportSize({ width: 700, height: 1000 });
    await expect.poll(async () => (await box('fleet-cass-10')).width).toBeLessThan(500);
    const wrapped = await page
      .locator('[data-testid="treemap"] .tile > span')
      .evaluateAll((els) => els.filter((el) => el.getClientRects().length !== 1).length);
    expect(wrapped).toBe(0);
    await checkPage('fleet-narrow');
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('filters the map with drop-downs for engine, region, environment, owner and health', async () => {
    for (const key of ['engine', 'region', 'environment', 'owner', 'health']) {
      expect(
        await page
          .getByTestId('fleet-health')
          .getByTestId(`filter-${key}`)
          .evaluate((el) => el.tagName),
      ).toBe('SELECT');
    }
    const filter = (key: string) => page.getByTestId('fleet-health').getByTestId(`filter-${key}`);
    await filter('engine').selectOption('cassandra');
    await expect.poll(tileNames).toEqual(['fleet-cass-2', 'fleet-cass-1', 'fleet-cass-10']);
    await filter('health').selectOption('healthy');
    await expect.poll(tileNames).toEqual(['fleet-cass-1', 'fleet-cass-10']);
    // The counts stay those of the engine's whole fleet, so the other states are still in sight.
    expect(await page.getByTestId('count-unhealthy').getAttribute('data-value')).toBe('1');
    await filter('region').selectOption('us-west-2');
    await expect.poll(tileNames).toEqual(['fleet-cass-10']);
    await checkPage('fleet-filtered');
    await filter('engine').selectOption('');
    await filter('health').selectOption('');
    await filter('region').selectOption('');
    await filter('owner').selectOption('payments');
    await expect.poll(tileNames).toEqual(['fleet-cass-2', 'session-redis']);
    await filter('environment').selectOption('test');
    await expect.poll(() => page.getByTestId('no-tiles').count()).toBe(1);
    await filter('owner').selectOption('');
    await expect.poll(tileNames).toEqual(['fleet-cass-1', 'events-es']);
    await filter('environment').selectOption('');
    // A count is a shortcut to its state.
    await page.getByTestId('count-degraded').click();
    await expect.poll(tileNames).toEqual(['session-redis']);
    await page.getByTestId('count-degraded').click();
    await expect.poll(tileNames).toHaveLength(6);
    await checkPage('fleet-unfiltered');
  });

  it('marks the at-risk clusters inside the warning horizon apart from those further out, then maintenance and oldest nodes', async () => {
    const rows = page.getByTestId('at-risk-row');
    await expect.poll(() => rows.count()).toBe(2);
    const within = page.locator('[data-testid="at-risk-row"][data-cluster="ledger-pg"]');
    const beyond = page.locator('[data-testid="at-risk-row"][data-cluster="events-es"]');
    expect(await within.getAttribute('data-within-warning')).toBe('true');
    expect(await within.getByTestId('within-warning').count()).toBe(1);
    expect(Number(await within.getAttribute('data-days-left'))).toBeLessThanOrEqual(90);
    expect(await beyond.getAttribute('data-within-warning')).toBe('false');
    expect(await beyond.getByTestId('within-warning').count()).toBe(0);
    expect(Number(await beyond.getAttribute('data-days-left'))).toBeGreaterThan(90);
    const colours = await Promise.all([within, beyond].map((r) => r.evaluate((el) => getComputedStyle(el).backgroundColor)));
    expect(colours[0]).not.toBe(colours[1]);
    expect(await page.getByTestId('at-risk-summary').textContent()).toMatch(/1 within the 90-day warning/);
    await page.getByTestId('upcoming-maintenance').waitFor();
    await page.getByTestId('oldest-nodes').waitFor();
    await checkPage('fleet-planning');
  });
});

describe('inventory lists in a real browser', () => {
  it('sorts names naturally and hides decommissioned clusters unless asked to show them', async () => {
    await page.getByTestId('nav-inventory').click();
    await page.getByTestId('row-fleet-cass-10').waitFor();
    const rowNames = () =>
      page.locator('[data-testid="inventory"] tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
    expect((await rowNames()).filter((n) => n.startsWith('fleet-cass'))).toEqual(['fleet-cass-1', 'fleet-cass-2', 'fleet-cass-10']);
    expect(await rowNames()).not.toContain('old-cache');
    await checkPage('inventory');

    await page.getByTestId('filter-decommissioned').check();
    await page.getByTestId('row-old-cache').waitFor();
    await page.getByTestId('header-name').click();
    await expect
      .poll(async () => (await rowNames()).filter((n) => n.startsWith('fleet-cass')))
      .toEqual(['fleet-cass-10', 'fleet-cass-2', 'fleet-cass-1']);
    await checkPage('inventory-with-decommissioned');
    await page.getByTestId('filter-decommissioned').uncheck();
    await expect.poll(() => page.getByTestId('row-old-cache').count()).toBe(0);
  });
});
