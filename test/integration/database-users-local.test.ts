import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded, type ListedNode } from '../helpers/cluster-waits';

async function createAndWait(body: Record<string, unknown>): Promise<Node[]> {
  expect((await app.api('/api/clusters', { method: 'POST', json: body })).status).toBe(202);
  return (await untilActive(app, String(body.name))).nodes;
}
const succeeded = (operationId: string) => untilSucceeded(app, operationId);
import { pgClient, pgLogsIn, redisLogsIn } from '../helpers/logins';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

type Node = ListedNode;
interface Issued {
  user: { name: string; login: string; status: string; generation: number; previous: { login: string; expiresAt: string } | null };
  password: string;
  operationId: string;
  expiryOperationId: string | null;
}

async function decommission(name: string): Promise<void> {
  expect((await app.api(`/api/clusters/${name}`, { method: 'DELETE' })).status).toBe(202);
  await eventually(async () => (await app.ctx.repos.clusters.find(name))?.status === 'DECOMMISSIONED', 60_000);
}

async function issue(path: string, json: Record<string, unknown>): Promise<Issued> {
  const res = await app.api(path, { method: 'POST', json });
  const body = (await res.json()) as Issued;
  expect(res.status, JSON.stringify(body)).toBe(202);
  await succeeded(body.operationId);
  return body;
}

describe('application users on real local servers', () => {
  it('Redis: an ACL user reaches its keys only, on every node, and a rotated password works for the grace period, then stops', async () => {
    const nodes = await createAndWait({
      name: 'users-cache',
      engine: 'redis',
      owner: 'platform',
      expectedDataGb: 1,
      regions: ['local'],
      environment: 'prod',
    });
    const created = await issue('/api/clusters/users-cache/users', { name: 'orders', access: 'readwrite', scope: ['app:*'] });
    expect(created.user.login).toBe('orders');
    const primary = nodes.find((n) => n.role === 'primary')!;
    expect(nodes.length).toBe(3);

    const client = new Redis({
      host: primary.host,
      port: primary.port,
      username: 'orders',
      password: created.password,
      enableReadyCheck: false,
    });
    expect(await client.set('app:1', 'paid')).toBe('OK');
    await expect(client.set('other:1', 'x')).rejects.toThrow(/NOPERM/);
    await expect(client.flushall()).rejects.toThrow(/NOPERM/);
    client.disconnect();
    // ACLs are not replicated: every node has the user.
    for (const node of nodes) expect(await redisLogsIn(node, 'orders', created.password)).toBe(true);

    const reader = await issue('/api/clusters/users-cache/users', { name: 'reports', access: 'readonly', scope: ['app:*'] });
    const ro = new Redis({
      host: primary.host,
      port: primary.port,
      username: 'reports',
      password: reader.password,
      enableReadyCheck: false,
    });
    expect(await ro.get('app:1')).toBe('paid');
    await expect(ro.set('app:2', 'x')).rejects.toThrow(/NOPERM/);
    ro.disconnect();

    const rotated = await issue('/api/clusters/users-cache/users/orders/rotate', { graceSeconds: 4 });
    expect(rotated.password).not.toBe(created.password);
    expect(rotated.user.previous?.login).toBe('orders');
    // During the grace period both passwords work.
    expect(await redisLogsIn(primary, 'orders', rotated.password)).toBe(true);
    expect(await redisLogsIn(primary, 'orders', created.password)).toBe(true);
    // After it, the held operation removes the old one from every node.
    await succeeded(rotated.expiryOperationId!);
    for (const node of nodes) {
      expect(await redisLogsIn(node, 'orders', created.password)).toBe(false);
      expect(await redisLogsIn(node, 'orders', rotated.password)).toBe(true);
    }
    // A repeated removal (a worker killed after it) finds the password gone and changes nothing.
    const redisAdmin = {
      username: 'default',
      password: await app.ctx.repos.clusters.password((await app.ctx.repos.clusters.find('users-cache'))!.id),
    };
    const redisEndpoints = nodes.map((n, i) => ({ name: `n${i}`, ...n, role: n.role as 'primary' | 'replica' }));
    await app.ctx.engines.get('redis').users!.apply(redisEndpoints, redisAdmin, {
      kind: 'remove-password',
      user: { name: 'orders', access: 'readwrite', scope: ['app:*'] },
      generation: 1,
      passwordSha256: createHash('sha256').update(created.password).digest('hex'),
    });
    expect(await redisLogsIn(primary, 'orders', rotated.password)).toBe(true);
    const expiry = await app.ctx.repos.operations.get(rotated.expiryOperationId!);
    expect(expiry!.startedAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(rotated.user.previous!.expiresAt));

    // The users live in each node's own configuration (CONFIG REWRITE): a restarted node still has them.
    const clusterId = (await app.ctx.repos.clusters.find('users-cache'))!.id;
    const stored = (await app.ctx.repos.nodes.forCluster(clusterId)).find((n) => n.role === 'primary')!;
    await app.ctx.providers.forRegion('local').restartNode(stored.providerId!);
    await eventually(async () => redisLogsIn(primary, 'orders', rotated.password), 30_000);
    expect(await redisLogsIn(primary, 'orders', created.password)).toBe(false);
    expect(await redisLogsIn(primary, 'default', await app.ctx.repos.clusters.password(clusterId))).toBe(true);

    const listed = (await (await app.api('/api/clusters/users-cache/users')).json()) as Array<Record<string, unknown>>;
    expect(listed.map((u) => u.name)).toEqual(['orders', 'reports']);
    expect(JSON.stringify(listed)).not.toContain(rotated.password);

    const deleted = await app.api('/api/clusters/users-cache/users/orders', { method: 'DELETE' });
    expect(deleted.status).toBe(202);
    await succeeded(((await deleted.json()) as { operationId: string }).operationId);
    expect(await redisLogsIn(primary, 'orders', rotated.password)).toBe(false);
    await decommission('users-cache');
  });

  it('PostgreSQL: a readwrite role owns its database, a readonly one only reads it, and a rotated login works for the grace period, then stops', async () => {
    const nodes = await createAndWait({
      name: 'users-ledger',
      engine: 'postgres',
      owner: 'platform',
      expectedDataGb: 1,
      regions: ['local'],
      environment: 'test',
    });
    const primary = nodes.find((n) => n.role === 'primary')!;
    const owner = await issue('/api/clusters/users-ledger/users', { name: 'ledger', access: 'readwrite', scope: ['ledger'] });
    expect(owner.user.login).toBe('ledger_v1');

    const writer = await pgClient(primary, owner.user.login, owner.password, 'ledger');
    await writer.query('CREATE TABLE payments (id int PRIMARY KEY, amount numeric)');
    await writer.query('INSERT INTO payments VALUES (1, 42.50)');
    // What the login creates belongs to the user's role, so it outlives the login's rotation.
    expect((await writer.query("SELECT tableowner FROM pg_tables WHERE tablename = 'payments'")).rows[0]?.tableowner).toBe('ledger');
    await writer.end();
    expect(await pgLogsIn(primary, owner.user.login, owner.password, 'postgres')).toBe(true);

    // A database has one owner: a second readwrite user of it is refused by the server, naming the owner.
    const thief = await app.api('/api/clusters/users-ledger/users', {
      method: 'POST',
      json: { name: 'thief', access: 'readwrite', scope: ['ledger'] },
    });
    const thiefOp = ((await thief.json()) as Issued).operationId;
    const failed = await eventually(async () => {
      const op = await app.ctx.repos.operations.get(thiefOp);
      return op?.status === 'failed' ? op : null;
    }, 30_000);
    expect(failed.error).toMatch(/database ledger belongs to ledger/);
    expect(await app.api('/api/clusters/users-ledger/users/thief', { method: 'DELETE' }).then((r) => r.status)).toBe(202);

    const reader = await issue('/api/clusters/users-ledger/users', { name: 'audit', access: 'readonly', scope: ['ledger'] });
    const ro = await pgClient(primary, reader.user.login, reader.password, 'ledger');
    expect(Number((await ro.query('SELECT amount FROM payments WHERE id = 1')).rows[0]?.amount)).toBe(42.5);
    await expect(ro.query('INSERT INTO payments VALUES (2, 1)')).rejects.toThrow(/permission denied/);
    await expect(ro.query('CREATE TABLE mine (x int)')).rejects.toThrow(/permission denied/);
    await ro.end();

    // A worker killed mid-step repeats it: every change applies twice without error or difference.
    const engine = app.ctx.engines.get('postgres');
    const clusterId = (await app.ctx.repos.clusters.find('users-ledger'))!.id;
    const admin = { username: 'datafleet', password: await app.ctx.repos.clusters.password(clusterId) };
    const endpoints = nodes.map((n, i) => ({ name: `n${i}`, ...n, role: n.role as 'primary' | 'replica' }));
    const audit = { name: 'audit', access: 'readonly' as const, scope: ['ledger'] };
    for (let i = 0; i < 2; i++)
      await engine.users!.apply(endpoints, admin, { kind: 'add-password', user: audit, generation: 1, password: reader.password });
    expect(await pgLogsIn(primary, 'audit_v1', reader.password, 'ledger')).toBe(true);
    for (let i = 0; i < 2; i++) await engine.users!.apply(endpoints, admin, { kind: 'drop', user: audit, generations: [1] });
    expect(await pgLogsIn(primary, 'audit_v1', reader.password, 'ledger')).toBe(false);

    const rotated = await issue('/api/clusters/users-ledger/users/ledger/rotate', { graceSeconds: 4 });
    expect(rotated.user.login).toBe('ledger_v2');
    expect(rotated.user.previous?.login).toBe('ledger_v1');
    expect(await pgLogsIn(primary, 'ledger_v2', rotated.password, 'ledger')).toBe(true);
    expect(await pgLogsIn(primary, 'ledger_v1', owner.password, 'ledger')).toBe(true);
    const v2 = await pgClient(primary, 'ledger_v2', rotated.password, 'ledger');
    expect((await v2.query('SELECT count(*)::int AS n FROM payments')).rows[0]?.n).toBe(1);
    await v2.end();

    await succeeded(rotated.expiryOperationId!);
    expect(await pgLogsIn(primary, 'ledger_v1', owner.password, 'ledger')).toBe(false);
    expect(await pgLogsIn(primary, 'ledger_v2', rotated.password, 'ledger')).toBe(true);

    const deleted = await app.api('/api/clusters/users-ledger/users/ledger', { method: 'DELETE' });
    expect(deleted.status).toBe(202);
    await succeeded(((await deleted.json()) as { operationId: string }).operationId);
    expect(await pgLogsIn(primary, 'ledger_v2', rotated.password, 'ledger')).toBe(false);
    await decommission('users-ledger');
  });
});
