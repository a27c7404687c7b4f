import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
});
afterAll(async () => {
  await app?.stop();
});

const body = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  engine: 'cassandra',
  owner: 'platform',
  expectedDataGb: 100,
  regions: ['us-east-1'],
  ...extra,
});
const count = async (sql: string, params: unknown[] = []) => Number(((await app.ctx.pool.query(sql, params)).rows[0] as { n: string }).n);
interface ErrorAnswer {
  error: { code: string; message: string; details: Array<{ path: string; message: string; allowed?: string[] }> };
}

describe('creating a cluster', () => {
  it('takes JSON bodies exactly as typed: no number from a string, no list from a scalar', async () => {
    const before = await count('SELECT count(*) AS n FROM clusters');
    const cases: Array<[string, Record<string, unknown>]> = [
      ['expectedDataGb as a string', body('typed-a', { expectedDataGb: '10' })],
      ['expectedDataGb as a boolean', body('typed-b', { expectedDataGb: true })],
      ['regions as a string', body('typed-c', { regions: 'us-east-1' })],
      ['contacts as a string', body('typed-d', { contacts: 'x@y.co' })],
      ['name as a number', body('typed-e', { name: 12345 })],
      ['sla numbers as strings', body('typed-f', { sla: { p99ReadMs: '5', p99WriteMs: 5, availability: 99.9 } })],
    ];
    for (const [label, payload] of cases) {
      const res = await app.api('/api/clusters', { method: 'POST', json: payload });
      expect(res.status, label).toBe(400);
      expect(((await res.json()) as ErrorAnswer).error.code, label).toBe('invalid_input');
    }
    const token = await app.api('/api/teams/platform/tokens', { method: 'POST', json: { name: 42 } });
    expect(token.status).toBe(400);
    const team = await app.api('/api/teams', { method: 'POST', json: { name: 'typed-team', email: ['a@b.co'] } });
    expect(team.status).toBe(400);
    expect(await count('SELECT count(*) AS n FROM clusters')).toBe(before);
    // The URL's parts are text by nature and are still converted.
    expect((await app.api('/api/clusters?limit=10&offset=0')).status).toBe(200);
  });

  it('reports every problem of a request in one answer, 409 only when the name is the only one', async () => {
    expect((await app.api('/api/clusters', { method: 'POST', json: body('orders-ring') })).status).toBe(202);
    const many = await app.api('/api/clusters', {
      method: 'POST',
      json: body('orders-ring', { regions: ['mars-1', 'us-east-1'], version: '9.9.9', owner: 'nobody-team', expectedDataGb: 9_000_000 }),
    });
    expect(many.status).toBe(400);
    const answer = (await many.json()) as ErrorAnswer;
    const paths = answer.error.details.map((d) => d.path).sort();
    expect(paths).toEqual(['body/expectedDataGb', 'body/name', 'body/owner', 'body/regions', 'body/version']);
    expect(answer.error.details.find((d) => d.path === 'body/regions')!.allowed).toEqual(
      expect.arrayContaining(['us-east-1', 'eu-west-1']),
    );
    expect(answer.error.details.find((d) => d.path === 'body/version')!.allowed).toContain('4.1.6');
    expect(answer.error.message).toMatch(/already exists/);
    // Schema problems, too, all at once, with the allowed values of an enum.
    const schema = (await (
      await app.api('/api/clusters', { method: 'POST', json: { ...body('x'), engine: 'oracle', environment: 'qa', expectedDataGb: -1 } })
    ).json()) as ErrorAnswer;
    expect(schema.error.details.length).toBeGreaterThanOrEqual(4);
    expect(schema.error.details.find((d) => d.path === '/engine' || d.path === 'body/engine')!.allowed).toEqual([
      'cassandra',
      'elasticsearch',
      'redis',
      'postgres',
      'memcached',
    ]);
    const patch = await app.api('/api/clusters/orders-ring', {
      method: 'PATCH',
      json: { owner: 'nobody-team', maintenanceWindow: { day: 'sun', start: '02:00', durationMinutes: 60, timeZone: 'Mars/Olympus' } },
    });
    expect(patch.status).toBe(400);
    expect(((await patch.json()) as ErrorAnswer).error.details.map((d) => d.path).sort()).toEqual([
      'body/maintenanceWindow/timeZone',
      'body/owner',
    ]);
    const onlyName = await app.api('/api/clusters', { method: 'POST', json: body('orders-ring') });
    expect(onlyName.status).toBe(409);
    expect(await count("SELECT count(*) AS n FROM clusters WHERE name = 'orders-ring'")).toBe(1);
  });

  it('answers 200 concurrent retries with one Idempotency-Key with one cluster, one operation and the same 202', async () => {
    const headers = { 'idempotency-key': 'burst-1' };
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => app.api('/api/clusters', { method: 'POST', json: body('burst-store'), headers })),
    );
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ cluster?: { id: string }; operation?: { id: string } }>;
    expect(answers.map((r) => r.status).filter((s) => s !== 202)).toEqual([]);
    expect(new Set(bodies.map((b) => b.cluster?.id)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.operation?.id)).size).toBe(1);
    expect(await count("SELECT count(*) AS n FROM clusters WHERE name = 'burst-store'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM operations o JOIN clusters c ON c.id = o.cluster_id WHERE c.name = 'burst-store'")).toBe(
      1,
    );
    const other = await app.api('/api/clusters', { method: 'POST', json: body('burst-other'), headers });
    expect(other.status).toBe(422);
    expect(((await other.json()) as ErrorAnswer).error.message).toMatch(/different request body/);
  });

  it('lets a retry run afresh after the first request with its key failed', async () => {
    const headers = { 'idempotency-key': 'fails-first' };
    const first = await app.api('/api/clusters', { method: 'POST', json: body('retry-store', { owner: 'nobody' }), headers });
    expect(first.status).toBe(400);
    const again = await app.api('/api/clusters', { method: 'POST', json: body('retry-store', { owner: 'nobody' }), headers });
    expect(again.status).toBe(400);
    expect(await count("SELECT count(*) AS n FROM idempotency_keys WHERE key = 'fails-first'")).toBe(0);
  });
});
