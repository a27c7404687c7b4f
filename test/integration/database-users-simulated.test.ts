import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';
import { runCli } from '../../services/cli/main';

let app: TestApp;
let teamA: string;
let teamB: string;
beforeAll(async () => {
  app = await startTestApp();
  teamA = await teamWithToken(app, 'users-a');
  teamB = await teamWithToken(app, 'users-b');
  for (const [name, engine] of [
    ['users-ring', 'cassandra'],
    ['users-search', 'elasticsearch'],
    ['users-memo', 'memcached'],
  ] as const) {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      token: teamA,
      json: { name, engine, owner: 'users-a', expectedDataGb: 5, regions: ['us-east-1'], environment: 'test' },
    });
    expect(res.status).toBe(202);
  }
  await eventually(async () => {
    const statuses = await Promise.all(
      ['users-ring', 'users-search', 'users-memo'].map(async (n) => (await app.ctx.repos.clusters.find(n))?.status),
    );
    return statuses.every((s) => s === 'ACTIVE');
  }, 120_000);
}, 180_000);
afterAll(async () => {
  await app?.stop();
});

interface Issued {
  user: { login: string; previous: { login: string } | null };
  password: string;
  operationId: string;
  expiryOperationId: string | null;
}

async function appliedAs(operationId: string): Promise<{ sent: string[]; simulated: boolean }> {
  return eventually(async () => {
    const op = await app.ctx.repos.operations.get(operationId);
    if (op?.status === 'failed') throw new Error(`operation failed: ${op.error}`);
    return op?.status === 'succeeded' ? (op.steps[0]!.checkpoint as { sent: string[]; simulated: boolean }) : null;
  }, 30_000);
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: teamA },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

async function post(path: string, json: unknown, token = teamA): Promise<Response> {
  return app.api(path, { method: 'POST', token, json });
}

describe('application users on simulated clusters and who may touch them', () => {
  it('Cassandra: a role holding keyspace permissions and a login role per password, recorded by the simulator', async () => {
    const res = await post('/api/clusters/users-ring/users', { name: 'orders', access: 'readwrite', scope: ['orders'] });
    expect(res.status).toBe(202);
    const created = (await res.json()) as Issued;
    expect(created.user.login).toBe('orders_v1');
    const applied = await appliedAs(created.operationId);
    expect(applied.simulated).toBe(true);
    expect(applied.sent).toEqual([
      'CREATE ROLE IF NOT EXISTS "orders" WITH LOGIN = false',
      'GRANT SELECT ON KEYSPACE "orders" TO "orders"',
      'GRANT MODIFY ON KEYSPACE "orders" TO "orders"',
      `CREATE ROLE IF NOT EXISTS "orders_v1" WITH PASSWORD = '***' AND LOGIN = true`,
      `ALTER ROLE "orders_v1" WITH PASSWORD = '***'`,
      'GRANT "orders" TO "orders_v1"',
    ]);
    expect(JSON.stringify(applied)).not.toContain(created.password);

    const rotated = (await (await post('/api/clusters/users-ring/users/orders/rotate', { graceSeconds: 1 })).json()) as Issued;
    expect(rotated.user.login).toBe('orders_v2');
    await appliedAs(rotated.operationId);
    expect((await appliedAs(rotated.expiryOperationId!)).sent).toEqual(['DROP ROLE IF EXISTS "orders_v1"']);
  });

  it('Elasticsearch: a role with index privileges and a user per password, recorded by the simulator', async () => {
    const res = await post('/api/clusters/users-search/users', { name: 'catalog', access: 'readonly', scope: ['products-*'] });
    expect(res.status).toBe(202);
    const created = (await res.json()) as Issued;
    const applied = await appliedAs(created.operationId);
    expect(applied.sent).toEqual([
      'PUT /_security/role/catalog {"indices":[{"names":["products-*"],"privileges":["read","view_index_metadata"]}]}',
      'PUT /_security/user/catalog_v1 {"password":"***","roles":["catalog"]}',
    ]);
    const deleted = await app.api('/api/clusters/users-search/users/catalog', { method: 'DELETE', token: teamA });
    expect(deleted.status).toBe(202);
    expect((await appliedAs(((await deleted.json()) as { operationId: string }).operationId)).sent).toEqual([
      'DELETE /_security/user/catalog_v1',
      'DELETE /_security/role/catalog',
    ]);
    expect(await (await app.api('/api/clusters/users-search/users', { token: teamA })).json()).toEqual([]);
  });

  it('memcached has no users: 409, and its catalog says so', async () => {
    const res = await post('/api/clusters/users-memo/users', { name: 'sessions', access: 'readwrite', scope: ['x'] });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/memcached has no users/);
    const engines = (await (await app.api('/api/engines')).json()) as Array<{ name: string; users: unknown }>;
    expect(engines.find((e) => e.name === 'memcached')?.users).toBeNull();
    expect(engines.find((e) => e.name === 'redis')?.users).toMatchObject({ rotation: 'passwords' });
  });

  it('another team gets 403 on every users route, and bad input a 4xx naming the problem', async () => {
    expect((await app.api('/api/clusters/users-ring/users', { token: teamB })).status).toBe(403);
    expect((await post('/api/clusters/users-ring/users', { name: 'x', access: 'readonly', scope: ['orders'] }, teamB)).status).toBe(403);
    expect((await post('/api/clusters/users-ring/users/orders/rotate', {}, teamB)).status).toBe(403);
    expect((await app.api('/api/clusters/users-ring/users/orders', { method: 'DELETE', token: teamB })).status).toBe(403);

    const extra = await post('/api/clusters/users-ring/users', { name: 'ok', access: 'readonly', scope: ['orders'], password: 'mine' });
    expect(extra.status).toBe(400);
    expect((await post('/api/clusters/users-ring/users', { name: 'Bad-Name', access: 'readonly', scope: ['orders'] })).status).toBe(400);
    expect((await post('/api/clusters/users-ring/users', { name: 'ok', access: 'admin', scope: ['orders'] })).status).toBe(400);
    const badScope = await post('/api/clusters/users-ring/users', { name: 'ok', access: 'readonly', scope: ['Orders-*'] });
    expect(badScope.status).toBe(400);
    expect(JSON.stringify(await badScope.json())).toContain('not a keyspace name');
    expect((await post('/api/clusters/users-ring/users', { name: 'cassandra', access: 'readonly', scope: ['orders'] })).status).toBe(400);
    expect((await post('/api/clusters/users-ring/users', { name: 'orders', access: 'readonly', scope: ['orders'] })).status).toBe(409);
    expect((await post('/api/clusters/users-ring/users/nobody/rotate', {})).status).toBe(404);
    // A second rotation waits until the first one's grace period is over.
    await post('/api/clusters/users-ring/users', { name: 'billing', access: 'readonly', scope: ['orders'] });
    await eventually(
      async () =>
        (await app.ctx.repos.databaseUsers.find((await app.ctx.repos.clusters.find('users-ring'))!.id, 'billing'))?.status === 'active',
    );
    expect((await post('/api/clusters/users-ring/users/billing/rotate', { graceSeconds: 3600 })).status).toBe(202);
    const again = await post('/api/clusters/users-ring/users/billing/rotate', {});
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/previous password works until/);

    const audit = (await (await app.api('/api/clusters/users-ring/audit')).json()) as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['database_user.create', 'database_user.rotate']));
    expect(audit.some((e) => e.action.startsWith('refused '))).toBe(true);
  });

  it('datafleet clusters users list|create|rotate|delete', async () => {
    const created = await cli(
      'clusters',
      'users',
      'create',
      'users-ring',
      'shipping',
      '--access',
      'readwrite',
      '--scope',
      'shipping,stock',
      '--wait',
    );
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^login\s+shipping_v1$/m);
    expect(created.out).toMatch(/^password\s+[A-Za-z0-9_-]{32}$/m);
    expect(created.out).toContain('shown only now');

    const listed = await cli('clusters', 'users', 'list', 'users-ring');
    expect(listed.out).toMatch(/^shipping\s+shipping_v1\s+readwrite\s+shipping,stock\s+active/m);
    expect(listed.out).not.toMatch(/password/i);

    const rotated = await cli('clusters', 'users', 'rotate', 'users-ring', 'shipping', '--grace', '2h', '--wait');
    expect(rotated.code).toBe(0);
    expect(rotated.out).toMatch(/^login\s+shipping_v2$/m);
    expect(rotated.out).toMatch(/^previous login\s+shipping_v1 \(works until /m);

    expect((await cli('clusters', 'users', 'rotate', 'users-ring', 'shipping', '--grace', 'soon')).code).toBe(2);
    const deleted = await cli('clusters', 'users', 'delete', 'users-ring', 'shipping', '--wait');
    expect(deleted.code).toBe(0);
    expect((await cli('clusters', 'users', 'list', 'users-ring')).out).not.toContain('shipping');
    const refused = await cli('clusters', 'users', 'create', 'users-memo', 'x', '--access', 'readonly', '--scope', 'y');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/memcached has no users/);
  });
});
