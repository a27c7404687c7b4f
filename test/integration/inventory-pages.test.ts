import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';

/**
 * The inventory's keyset pages: walking nextCursor returns every matching cluster once, in the
 * order the sort promises (checked against an independent ORDER BY with NULLS LAST), under every
 * sort and with filters; bad cursors are 400s; the total stops counting at its cap and says so.
 */
let app: TestApp;
const FLEET = 240;

beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
  await teamWithToken(app, 'search');
  // Many ties on every sort key (and on created_at down to the microsecond), clusters without
  // nodes (no oldest node), two owners, three engines, regions and versions.
  await app.ctx.pool.query(
    `INSERT INTO clusters (id, name, engine, environment, regions, owner_team_id, expected_data_gb, spec, version, instance_type,
       node_count, monthly_cost_usd, oldest_node_at, status, sla, simulated, created_at)
     SELECT gen_random_uuid(), 'inv-' || lpad(i::text, 4, '0'), (ARRAY['redis','cassandra','postgres'])[i % 3 + 1],
       CASE WHEN i % 2 = 0 THEN 'prod' ELSE 'test' END, ARRAY[(ARRAY['us-east-1','us-west-2','eu-west-1'])[(i / 2) % 3 + 1]],
       (SELECT id FROM teams WHERE name = CASE WHEN i % 4 = 0 THEN 'search' ELSE 'platform' END), 100,
       jsonb_build_object('version', '1.' || (i % 4), 'nodesPerRegion', 3, 'instanceType', 'r5.xlarge', 'replicationFactor', 3,
         'usableCapacityGb', 1000, 'settings', '{}'::jsonb),
       '1.' || (i % 4), 'r5.xlarge', i % 7, (i % 5) * 10.5,
       CASE WHEN i % 6 = 0 THEN NULL ELSE timestamptz '2026-01-01' + (i % 11) * interval '1 day' + (i % 3) * interval '1 microsecond' END,
       (ARRAY['ACTIVE','FAILED','UPDATING'])[i % 3 + 1], '{"p99ReadMs":10,"p99WriteMs":20,"availability":99.99}', true,
       timestamptz '2026-06-01' - (i % 13) * interval '1 hour' + (i % 2) * interval '1 microsecond'
       FROM generate_series(1, $1::int) AS i`,
    [FLEET],
  );
});
afterAll(async () => {
  await app?.stop();
});

interface Page {
  items: Array<{ name: string }>;
  total: number;
  totalCapped: boolean;
  limit: number;
  offset: number;
  nextCursor: string | null;
}

async function page(query: string): Promise<Page> {
  const res = await app.api(`/api/clusters?${query}`);
  expect(res.status, `${query}: ${res.status}`).toBe(200);
  return (await res.json()) as Page;
}

async function walk(query: string, limit: number): Promise<{ names: string[]; pages: Page[] }> {
  const pages: Page[] = [await page(`${query}&limit=${limit}&fields=name`)];
  while (pages.at(-1)!.nextCursor) {
    pages.push(await page(`${query}&limit=${limit}&fields=name&cursor=${pages.at(-1)!.nextCursor}`));
    expect(pages.length).toBeLessThan(FLEET);
  }
  return { names: pages.flatMap((p) => p.items.map((c) => c.name)), pages };
}

const columns: Record<string, string> = {
  name: 'c.name',
  createdAt: 'c.created_at',
  monthlyCostUsd: 'c.monthly_cost_usd',
  nodeCount: 'c.node_count',
  version: 'c.version',
  oldestNodeAt: 'c.oldest_node_at',
  status: 'c.status',
  engine: 'c.engine',
};

/** The order the API has always promised, written out independently of the product's query code. */
async function expected(sort: string, where: string, params: unknown[]): Promise<string[]> {
  const descending = sort.startsWith('-');
  const column = columns[descending ? sort.slice(1) : sort]!;
  const direction = descending ? 'DESC' : 'ASC';
  const order = column === 'c.name' ? `c.name ${direction}` : `${column} ${direction} NULLS LAST, c.name ASC`;
  const { rows } = await app.ctx.pool.query<{ name: string }>(
    `SELECT c.name FROM clusters c JOIN teams t ON t.id = c.owner_team_id ${where} ORDER BY ${order}`,
    params,
  );
  return rows.map((r) => r.name);
}

const filters: Array<{ query: string; where: string; params: unknown[] }> = [
  { query: '', where: '', params: [] },
  { query: 'engine=redis&environment=prod', where: "WHERE c.engine = 'redis' AND c.environment = 'prod'", params: [] },
  { query: 'owner=search&region=eu-west-1', where: "WHERE t.name = 'search' AND c.regions @> ARRAY['eu-west-1']", params: [] },
];

describe('inventory pages by cursor', () => {
  for (const key of Object.keys(columns)) {
    for (const sort of [key, `-${key}`]) {
      it(`walks every matching cluster once, in order, sorted by ${sort}`, async () => {
        for (const filter of filters) {
          const want = await expected(sort, filter.where, filter.params);
          expect(want.length, filter.query).toBeGreaterThan(10);
          const { names, pages } = await walk(`sort=${sort}&${filter.query}`, 17);
          expect(names, filter.query).toEqual(want);
          expect(new Set(names).size).toBe(names.length);
          for (const p of pages) expect(p).toMatchObject({ total: want.length, totalCapped: false, offset: 0 });
          expect(pages.at(-1)!.nextCursor).toBeNull();
          // The offset form, kept for the console, pages the same order.
          const third = await page(`sort=${sort}&${filter.query}&limit=5&offset=10&fields=name`);
          expect(third.items.map((c) => c.name)).toEqual(want.slice(10, 15));
          expect(third.offset).toBe(10);
        }
      });
    }
  }

  it('refuses a cursor it did not make, or made for another sort, in the error envelope', async () => {
    const first = await page('sort=-createdAt&limit=3');
    const refused = async (query: string) => {
      const res = await app.api(`/api/clusters?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
      expect(body.error.code, query).toBe('invalid_input');
      expect(body.error.message.length).toBeGreaterThan(0);
      return body.error;
    };
    expect((await refused(`sort=createdAt&cursor=${first.nextCursor}`)).message).toMatch(/sort=-createdAt/);
    await refused('cursor=bm90LWpzb24');
    await refused('cursor=not!a+cursor');
    await refused(`sort=-createdAt&offset=3&cursor=${first.nextCursor}`);
    const forged = Buffer.from(JSON.stringify({ s: '-createdAt', k: 'yesterday-ish', n: 'inv-0001' })).toString('base64url');
    await refused(`sort=-createdAt&cursor=${forged}`);
    const wrongType = Buffer.from(JSON.stringify({ s: 'nodeCount', k: '1; DROP TABLE clusters', n: 'x' })).toString('base64url');
    await refused(`sort=nodeCount&cursor=${wrongType}`);
  });
});

describe('the total', () => {
  it('stops counting at 10,000 and says so; filters under the cap count exactly; deep offsets still page on', async () => {
    await app.ctx.pool.query(
      `INSERT INTO clusters (id, name, engine, environment, regions, owner_team_id, expected_data_gb, spec, version, instance_type,
         status, sla, simulated)
       SELECT gen_random_uuid(), 'bulk-' || lpad(i::text, 5, '0'), 'memcached', 'test', ARRAY['us-east-1'],
         (SELECT id FROM teams WHERE name = 'platform'), 1,
         jsonb_build_object('version', '1.6', 'nodesPerRegion', 1, 'instanceType', 'r5.large', 'replicationFactor', 1,
           'usableCapacityGb', 10, 'settings', '{}'::jsonb),
         '1.6', 'r5.large', 'ACTIVE', '{"p99ReadMs":10,"p99WriteMs":20,"availability":99.99}', true
         FROM generate_series(1, 10000) AS i`,
    );
    const all = await page('limit=5');
    expect(all).toMatchObject({ total: 10_000, totalCapped: true });
    const redis = await page('engine=redis&limit=5');
    expect(redis).toMatchObject({ total: FLEET / 3, totalCapped: false });
    // Past the cap by offset, the count reaches one row beyond the page, so the console's pager goes on.
    const deep = await page('sort=name&limit=50&offset=10100');
    expect(deep.items).toHaveLength(50);
    expect(deep.total).toBeGreaterThan(10_150);
    expect(deep.totalCapped).toBe(true);
    const last = await page(`sort=name&limit=50&offset=${FLEET + 10_000 - 20}`);
    expect(last).toMatchObject({ total: FLEET + 10_000, totalCapped: false, nextCursor: null });
    expect(last.items).toHaveLength(20);
  });
});
