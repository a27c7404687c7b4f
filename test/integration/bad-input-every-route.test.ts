import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Every route of the OpenAPI document (plus the hidden event stream), probed with each class of
 * bad input: the answer is a 4xx in the error envelope and nothing in the database changes.
 */
let app: TestApp;
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
}
interface Route {
  method: string;
  path: string;
  hasBody: boolean;
  hasParams: boolean;
  body?: Schema;
}
let routes: Route[] = [];

const TABLES = ['teams', 'api_tokens', 'clusters', 'nodes', 'operations', 'audit_events', 'campaigns', 'idempotency_keys'];
async function snapshot(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const exists = await app.ctx.pool.query('SELECT to_regclass($1) AS t', [table]);
    if (!(exists.rows[0] as { t: string | null }).t) continue;
    counts[table] = Number(((await app.ctx.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0] as { n: string }).n);
  }
  return counts;
}

beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
  type Op = { requestBody?: { content?: Record<string, { schema?: Schema }> } };
  const doc = (await (await app.api('/api/docs/json')).json()) as { paths: Record<string, Record<string, Op>> };
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      routes.push({
        method: method.toUpperCase(),
        path,
        hasBody: op.requestBody !== undefined,
        hasParams: path.includes('{'),
        ...(body ? { body } : {}),
      });
    }
  }
  routes.push({ method: 'GET', path: '/api/events', hasBody: false, hasParams: false });
  routes = routes.filter((r) => r.path.startsWith('/api/') && !r.path.startsWith('/api/docs'));
});
afterAll(async () => {
  await app?.stop();
});

const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);

async function expectEnvelope(res: Response, label: string, status?: number): Promise<{ code: string; message: string; details: unknown }> {
  const text = await res.text();
  if (status !== undefined) expect(res.status, `${label}: ${text}`).toBe(status);
  expect(res.status >= 400 && res.status < 500, `${label} answered ${res.status}: ${text}`).toBe(true);
  const body = JSON.parse(text) as { error: { code: string; message: string; details: unknown } };
  expect(Object.keys(body), label).toEqual(['error']);
  expect(typeof body.error.code, label).toBe('string');
  expect(body.error.message.length, label).toBeGreaterThan(0);
  expect(body.error, label).toHaveProperty('details');
  return body.error;
}

describe('every route refuses bad input cleanly', () => {
  it('finds the routes to probe', () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  it('refuses a NUL byte in a path parameter, a query parameter and a body string, and a lone surrogate in a body, and changes nothing', async () => {
    const before = await snapshot();
    for (const r of routes) {
      if (r.hasParams) {
        const error = await expectEnvelope(
          await app.api(fill(r.path, 'x%00'), { method: r.method }),
          `${r.method} ${r.path} NUL in path`,
          400,
        );
        expect(error.message, r.path).toContain('NUL');
        const ctl = await app.api(fill(r.path, 'x%01y'), { method: r.method });
        await expectEnvelope(ctl, `${r.method} ${r.path} control char in path`, 400);
      }
      const query = await app.api(`${fill(r.path, 'nobody')}?name=a%00b`, { method: r.method });
      expect((await expectEnvelope(query, `${r.method} ${r.path} NUL in query`, 400)).message).toContain('NUL');
      if (r.method !== 'GET') {
        const body = await app.api(fill(r.path, 'nobody'), { method: r.method, json: { name: 'a\u0000b', tags: { 'k\u0000': 'v' } } });
        expect((await expectEnvelope(body, `${r.method} ${r.path} NUL in body`, 400)).message).toContain('NUL');
        // A lone surrogate is valid JSON but not Unicode; written as an escape so it reaches the server intact.
        const lone = await app.api(fill(r.path, 'nobody'), {
          method: r.method,
          body: '{"name":"a\\ud800b"}',
          headers: { 'content-type': 'application/json' },
        });
        expect((await expectEnvelope(lone, `${r.method} ${r.path} lone surrogate in body`, 400)).message).toContain('surrogate');
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unknown and repeated query parameters on every route', async () => {
    const before = await snapshot();
    for (const r of routes) {
      await expectEnvelope(
        await app.api(`${fill(r.path, 'nobody')}?surprise=1`, { method: r.method }),
        `${r.method} ${r.path} unknown query`,
        400,
      );
      await expectEnvelope(
        await app.api(`${fill(r.path, 'nobody')}?limit=1&limit=2`, { method: r.method }),
        `${r.method} ${r.path} repeated query`,
        400,
      );
    }
    await expectEnvelope(await app.api('/api/clusters/x?reason=a&reason=b', { method: 'DELETE' }), 'DELETE with reason in query', 400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an infinite number in the query of every route that takes a number there, and in a body', async () => {
    const doc = (await (await app.api('/api/docs/json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: { type?: string } }[] }>>;
    };
    const numeric = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) =>
        (op.parameters ?? [])
          .filter((p) => p.in === 'query' && (p.schema?.type === 'integer' || p.schema?.type === 'number'))
          .map((p) => ({ method: method.toUpperCase(), path, name: p.name })),
      ),
    );
    expect(numeric.length, 'routes with a numeric query parameter').toBeGreaterThan(5);
    const before = await snapshot();
    for (const q of numeric) {
      for (const value of ['Infinity', '-Infinity', '1e400']) {
        const res = await app.api(`${fill(q.path, 'nobody')}?${q.name}=${value}`, { method: q.method });
        await expectEnvelope(res, `${q.method} ${q.path}?${q.name}=${value}`, 400);
      }
    }
    const body = await app.api('/api/clusters/nobody/forecast/what-if', {
      method: 'POST',
      body: '{"writesPercent":1e400}',
      headers: { 'content-type': 'application/json' },
    });
    await expectEnvelope(body, 'a body number beyond float range', 400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses wrong content types, empty and non-object JSON bodies, and bodies sent to routes that take none', async () => {
    const before = await snapshot();
    for (const r of routes.filter((route) => route.method !== 'GET')) {
      const url = fill(r.path, 'nobody');
      const label = `${r.method} ${r.path}`;
      await expectEnvelope(
        await app.api(url, { method: r.method, body: 'hello', headers: { 'content-type': 'text/plain' } }),
        `${label} text/plain`,
        415,
      );
      await expectEnvelope(
        await app.api(url, { method: r.method, body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        `${label} form`,
        415,
      );
      await expectEnvelope(
        await app.api(url, { method: r.method, body: '', headers: { 'content-type': 'application/json' } }),
        `${label} empty json`,
        400,
      );
      await expectEnvelope(
        await app.api(url, { method: r.method, body: '{"a":', headers: { 'content-type': 'application/json' } }),
        `${label} broken json`,
        400,
      );
      await expectEnvelope(await app.api(url, { method: r.method, json: [1, 2] }), `${label} array body`, 400);
      // JSON null is not an absent body: it slipped past schemas whose fields are all optional (a decommission).
      await expectEnvelope(
        await app.api(url, { method: r.method, body: 'null', headers: { 'content-type': 'application/json' } }),
        `${label} null body`,
        400,
      );
      await expectEnvelope(
        await app.api(url, { method: r.method, body: '42', headers: { 'content-type': 'application/json' } }),
        `${label} number body`,
        400,
      );
      if (!r.hasBody)
        await expectEnvelope(await app.api(url, { method: r.method, json: { anything: true } }), `${label} body where none is taken`, 400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('takes every body field exactly as typed: a number as a string, a scalar for a list, a number for a string are refused', async () => {
    const wrong: Record<string, unknown[]> = {
      number: ['10', true],
      integer: ['10', true],
      array: ['x', 1],
      string: [42, true, ['x']],
      boolean: ['true', 1],
      object: ['x', [1]],
    };
    const before = await snapshot();
    let probes = 0;
    for (const r of routes.filter((route) => route.body?.properties)) {
      for (const [field, schema] of Object.entries(r.body!.properties!)) {
        const type = schema.type ?? schema.anyOf?.find((s) => s.type !== 'null')?.type;
        for (const value of wrong[type ?? ''] ?? []) {
          const res = await app.api(fill(r.path, 'nobody'), { method: r.method, json: { [field]: value } });
          const error = await expectEnvelope(res, `${r.method} ${r.path} ${field}=${JSON.stringify(value)}`, 400);
          expect(JSON.stringify(error.details), `${r.method} ${r.path} ${field}`).toContain(field);
          probes++;
        }
      }
    }
    expect(probes).toBeGreaterThan(50);
    expect(await snapshot()).toEqual(before);
  });
});
