import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startTestApp, type TestApp } from '../helpers/app';
import { untilActive, type ListedNode } from '../helpers/cluster-waits';
import { teamWithToken } from '../helpers/teams';
import { eventually } from '../helpers/app';
import { runCli } from '../../services/cli/main';
import { TerminalOperationStatuses, type FinishedOperationStatus, type Operation } from '../../services/core/types';

let app: TestApp;
let paymentsToken: string;
let otherToken: string;

beforeAll(async () => {
  app = await startTestApp();
  paymentsToken = await teamWithToken(app, 'payments');
  otherToken = await teamWithToken(app, 'search');
});
afterAll(async () => {
  for (const name of ['settings-redis', 'settings-pg'])
    await app?.api(`/api/clusters/${name}`, { method: 'DELETE' }).catch(() => undefined);
  await app?.stop();
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: paymentsToken },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

type Preview = {
  changes: Array<{ name: string; from: unknown; to: unknown; applies: string }>;
  applies: string;
  notBefore: string | null;
  monthlyCostUsd: { difference: number };
};

async function create(name: string, engine: string, environment: string) {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    token: paymentsToken,
    json: { name, owner: 'payments', engine, expectedDataGb: 1, regions: ['local'], environment },
  });
  expect(res.status).toBe(202);
  return untilActive(app, name);
}

const change = (cluster: string, body: unknown, token: string | null = paymentsToken, dryRun = false) =>
  app.api(`/api/clusters/${cluster}/settings${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', token, json: body });

async function finished(id: string): Promise<Operation> {
  return eventually(
    async () => {
      const op = await app.ctx.repos.operations.get(id);
      return op && TerminalOperationStatuses.includes(op.status as FinishedOperationStatus) ? op : undefined;
    },
    120_000,
    250,
  );
}

async function redisConfig(node: ListedNode, password: string, name: string): Promise<{ value: string; pid: string }> {
  const client = new Redis({ host: node.host, port: node.port, password, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const value = ((await client.config('GET', name)) as string[])[1]!;
    const pid = /process_id:(\d+)/.exec(await client.info('server'))![1]!;
    return { value, pid };
  } finally {
    client.disconnect();
  }
}

describe('engine settings on real local nodes', () => {
  it('Redis: previews a diff, refuses bad input and other teams changing nothing, applies live without restarts and by rolling restart', async () => {
    const cluster = await create('settings-redis', 'redis', 'prod');
    expect(cluster.nodes).toHaveLength(3);
    const ops = async () => (await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length;
    const opsBefore = await ops();

    const catalog = (await (await app.api('/api/clusters/settings-redis/settings', { token: paymentsToken })).json()) as Array<{
      name: string;
      current: unknown;
      applies: string;
    }>;
    expect(catalog.find((p) => p.name === 'maxmemory-policy')).toMatchObject({ current: 'noeviction', applies: 'live' });
    expect(catalog.find((p) => p.name === 'databases')).toMatchObject({ current: 16, applies: 'restart' });

    const dry = await change('settings-redis', { settings: { 'maxmemory-policy': 'allkeys-lru', databases: 16 } }, paymentsToken, true);
    expect(dry.status).toBe(200);
    const { preview } = (await dry.json()) as { preview: Preview };
    expect(preview.changes).toEqual([{ name: 'maxmemory-policy', from: 'noeviction', to: 'allkeys-lru', unit: null, applies: 'live' }]);
    expect(preview).toMatchObject({ applies: 'live', monthlyCostUsd: { difference: 0 } });

    for (const [body, pattern] of [
      [{ settings: { 'maxmemory-policy': 'drop-everything' } }, /maxmemory-policy must be one of noeviction, allkeys-lru/],
      [{ settings: { databases: 100_000 } }, /databases must be between 1 and 256; 100000 is out of range/],
      [{ settings: { requirepass: 'x' } }, /"requirepass" is not a redis parameter that can be changed/],
      [{ settings: {} }, /name at least one parameter/],
      [{ settings: { 'maxmemory-policy': 'noeviction' } }, /nothing changes/],
    ] as const) {
      const res = await change('settings-redis', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(pattern);
    }
    const foreign = await change('settings-redis', { settings: { 'maxmemory-policy': 'allkeys-lru' }, urgent: true }, otherToken);
    expect(foreign.status).toBe(403);
    expect(await ops()).toBe(opsBefore);

    const pidsBefore = await Promise.all(cluster.nodes.map(async (n) => (await redisConfig(n, cluster.password, 'maxmemory-policy')).pid));
    const live = await change('settings-redis', { settings: { 'maxmemory-policy': 'allkeys-lru', timeout: 300 }, urgent: true });
    expect(live.status).toBe(202);
    const liveOp = await finished(((await live.json()) as { operation: { id: string } }).operation.id);
    expect(liveOp.status).toBe('succeeded');
    for (const [i, node] of cluster.nodes.entries()) {
      const now = await redisConfig(node, cluster.password, 'maxmemory-policy');
      expect(now).toEqual({ value: 'allkeys-lru', pid: pidsBefore[i] });
      expect((await redisConfig(node, cluster.password, 'timeout')).value).toBe('300');
    }

    const restart = await change('settings-redis', { settings: { databases: 32 }, urgent: true });
    expect(restart.status).toBe(202);
    const restartOp = await finished(((await restart.json()) as { operation: { id: string } }).operation.id);
    expect(restartOp.status).toBe('succeeded');
    for (const [i, node] of cluster.nodes.entries()) {
      const now = await redisConfig(node, cluster.password, 'databases');
      expect(now.value).toBe('32');
      expect(now.pid).not.toBe(pidsBefore[i]);
      // A live change survives the restart: the provider kept it in the node's configuration.
      expect((await redisConfig(node, cluster.password, 'maxmemory-policy')).value).toBe('allkeys-lru');
    }
    // A rolling restart: previewed, then every node restarted once, replicas before the primary.
    const pidsMid = await Promise.all(cluster.nodes.map(async (n) => (await redisConfig(n, cluster.password, 'databases')).pid));
    const restartDry = await app.api('/api/clusters/settings-redis/rolling-restart?dryRun=true', {
      method: 'POST',
      token: paymentsToken,
      json: {},
    });
    const restartPreview = ((await restartDry.json()) as { preview: { order: Array<{ role: string }> } }).preview;
    expect(restartPreview.order.map((n) => n.role)).toEqual(['replica', 'replica', 'primary']);
    expect(
      (await app.api('/api/clusters/settings-redis/rolling-restart', { method: 'POST', token: otherToken, json: { urgent: true } })).status,
    ).toBe(403);
    const rolling = await app.api('/api/clusters/settings-redis/rolling-restart', {
      method: 'POST',
      token: paymentsToken,
      json: { urgent: true },
    });
    expect(rolling.status).toBe(202);
    const rollingOp = await finished(((await rolling.json()) as { operation: { id: string } }).operation.id);
    expect(rollingOp.status).toBe('succeeded');
    expect(rollingOp.steps[0]!.checkpoint.finished).toHaveLength(3);
    for (const [i, node] of cluster.nodes.entries()) {
      const now = await redisConfig(node, cluster.password, 'databases');
      expect(now.pid).not.toBe(pidsMid[i]);
      expect(now.value).toBe('32');
    }

    const audit = JSON.stringify(await app.ctx.repos.audit.forTarget('cluster', cluster.id));
    expect(audit).toContain('cluster.settings');
    const record = await app.ctx.repos.clusters.find('settings-redis');
    expect(record!.spec.settings).toMatchObject({ 'maxmemory-policy': 'allkeys-lru', databases: 32 });
  }, 240_000);

  it('PostgreSQL: work_mem live by ALTER SYSTEM and reload; a shared_buffers the server cannot start with is put back on every node', async () => {
    const cluster = await create('settings-pg', 'postgres', 'test');
    const show = async (name: string) => {
      const node = cluster.nodes[0]!;
      const client = new pg.Client({
        host: node.host,
        port: node.port,
        user: 'datafleet',
        password: cluster.password,
        database: 'postgres',
      });
      await client.connect();
      try {
        return (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name];
      } finally {
        await client.end();
      }
    };
    const live = await change('settings-pg', { settings: { work_mem: 64 }, urgent: true });
    expect(live.status).toBe(202);
    const body = (await live.json()) as { preview: Preview; operation: { id: string } };
    expect(body.preview.changes).toEqual([{ name: 'work_mem', from: 4, to: 64, unit: 'MB', applies: 'live' }]);
    expect((await finished(body.operation.id)).status).toBe('succeeded');
    expect(await show('work_mem')).toBe('64MB');

    const sharedBefore = await show('shared_buffers');
    const tooBig = await change('settings-pg', { settings: { shared_buffers: 262_144 }, urgent: true });
    expect(tooBig.status).toBe(202);
    const op = await finished(((await tooBig.json()) as { operation: { id: string } }).operation.id);
    expect(op.status).toBe('rolled_back');
    expect(op.error).toMatch(/did not start after the change.*every node put back to shared_buffers=\d+$/);
    expect(await show('shared_buffers')).toBe(sharedBefore);
    expect(await show('work_mem')).toBe('64MB');
    expect((await app.ctx.repos.clusters.find('settings-pg'))!.statusReason).toMatch(/^last settings change rolled back/);

    // The CLI: the catalog, a dry run that changes nothing, and a change held until the maintenance window.
    const listed = await cli('settings', 'list', 'settings-pg');
    expect(listed.out).toMatch(/^work_mem\s+64\s+1…2048 MB\s+live$/m);
    const dry = await cli('settings', 'set', 'settings-pg', 'max_connections=150', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/applied by rolling restart\n {2}max_connections: \d+ → 150 \(restart\)/);
    const opsBefore = (await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length;
    const wrong = await cli('settings', 'set', 'settings-pg', 'work_mem=0');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/work_mem must be between 1 MB and 2048 MB/);
    expect((await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length).toBe(opsBefore);
    const opensIn = new Date(Date.now() + 3 * 3600_000);
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][opensIn.getUTCDay()];
    const start = `${String(opensIn.getUTCHours()).padStart(2, '0')}:00`;
    const patched = await app.api('/api/clusters/settings-pg', {
      method: 'PATCH',
      json: { maintenanceWindow: { day, start, durationMinutes: 60, timeZone: 'UTC' } },
    });
    expect(patched.status).toBe(200);
    const restartDry = await cli('rolling-restart', 'settings-pg', '--dry-run');
    expect(restartDry.out).toMatch(
      /^settings-pg: restarts settings-pg-local-\d \(replica\), settings-pg-local-\d \(primary\); starts in the maintenance window at \d{4}-/,
    );
    const held = await cli('settings', 'set', 'settings-pg', 'work_mem=32');
    expect(held.out).toMatch(/starts: in the maintenance window at \d{4}-/);
    const heldOp = (await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'change_settings', limit: 1 }))[0]!;
    expect(heldOp.params).toMatchObject({ settings: { work_mem: 32 }, notBefore: expect.any(String) });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await app.ctx.repos.operations.get(heldOp.id))!.status).toBe('pending');
    expect(await show('work_mem')).toBe('64MB');
    await app.api(`/api/operations/${heldOp.id}/cancel`, { method: 'POST', json: {} });
  }, 240_000);
});
