import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';
import { runCli } from '../../services/cli/main';
import type { ConnectionJson } from '../../services/api/schemas/connection';

/**
 * The revealed connection of real local clusters works: a driver connects with the URI, and the
 * engine's own client runs the command line `datafleet clusters connect --command` prints.
 */
const run = promisify(execFile);
let app: TestApp;
let owner: string;
let stranger: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = await teamWithToken(app, 'ledger');
  stranger = await teamWithToken(app, 'growth');
  for (const [name, engine] of [
    ['ledger-cache', 'redis'],
    ['ledger-db', 'postgres'],
  ] as const) {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name, engine, owner: 'ledger', expectedDataGb: 0.5, regions: ['local'], environment: 'test' },
    });
    expect(res.status, await res.clone().text()).toBe(202);
  }
  await eventually(
    async () => {
      const statuses = await Promise.all(['ledger-cache', 'ledger-db'].map(async (n) => (await app.ctx.repos.clusters.find(n))?.status));
      if (statuses.includes('FAILED')) throw new Error(`provisioning failed: ${statuses.join(', ')}`);
      return statuses.every((s) => s === 'ACTIVE');
    },
    120_000,
    250,
  );
}, 180_000);

afterAll(async () => {
  for (const name of ['ledger-cache', 'ledger-db']) {
    if ((await app?.ctx.repos.clusters.find(name))?.status !== 'ACTIVE') continue;
    await app.api(`/api/clusters/${name}`, { method: 'DELETE' });
    await eventually(async () => (await app.ctx.repos.clusters.find(name))?.status === 'DECOMMISSIONED', 60_000).catch(() => undefined);
  }
  await app?.stop();
}, 120_000);

async function cli(token: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: token },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

const revealed = async (name: string) =>
  (await (await app.api(`/api/clusters/${name}/connection?reveal=true`, { token: owner })).json()) as ConnectionJson;

describe('connecting to real local clusters', () => {
  it('Redis: a client connects with the revealed URI and writes; the masked one is refused', async () => {
    const connection = await revealed('ledger-cache');
    expect(connection.simulated).toBe(false);
    const client = new Redis(connection.uri, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await client.connect();
    expect(await client.set('ledger:1', 'paid')).toBe('OK');
    expect(await client.get('ledger:1')).toBe('paid');
    client.disconnect();

    const masked = (await (await app.api('/api/clusters/ledger-cache/connection', { token: owner })).json()) as ConnectionJson;
    const refused = new Redis(masked.uri, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // ioredis rejects with "Connection is closed."; the server's refusal arrives as an 'error' event.
    let why = '';
    refused.on('error', (error: Error) => (why ||= error.message));
    await expect(refused.connect()).rejects.toThrow();
    refused.disconnect();
    expect(why).toMatch(/WRONGPASS|invalid username-password/);
  });

  it('PostgreSQL: psql connects with the revealed multi-host URI and lands on the primary', async () => {
    const connection = await revealed('ledger-db');
    expect(connection.hosts.map((h) => h.role)).toEqual(['primary', 'replica']);
    const { stdout } = await run('psql', [connection.uri, '-Atc', 'SELECT pg_is_in_recovery(), current_user']);
    expect(stdout.trim()).toBe('f|datafleet');
  });

  it('the CLI prints the masked URI, and with --reveal --command a line the engine’s own client runs', async () => {
    const masked = await cli(owner, 'clusters', 'connect', 'ledger-cache');
    expect(masked.code).toBe(0);
    expect(masked.out).toMatch(/^redis:\/\/default:\*{8}@127\.0\.0\.1:\d+\n$/);
    expect(masked.err).toContain('--reveal');

    const redisLine = await cli(owner, 'clusters', 'connect', 'ledger-cache', '--reveal', '--command');
    expect(redisLine.code).toBe(0);
    expect(redisLine.out).toMatch(/^redis-cli -h 127\.0\.0\.1 -p \d+ --user default --pass \S+ --no-auth-warning\n$/);
    const pong = await run('sh', ['-c', `${redisLine.out.trim()} GET ledger:1`]);
    expect(pong.stdout.trim()).toBe('paid');

    const psqlLine = await cli(owner, 'clusters', 'connect', 'ledger-db', '--reveal', '--command');
    expect(psqlLine.code).toBe(0);
    expect(psqlLine.out).toMatch(/^psql 'postgresql:\/\/datafleet:/);
    const answer = await run('sh', ['-c', `${psqlLine.out.trim()} -Atc 'SELECT 40 + 2'`]);
    expect(answer.stdout.trim()).toBe('42');

    const uri = await cli(owner, 'clusters', 'connect', 'ledger-db', '--reveal');
    expect((await run('psql', [uri.out.trim(), '-Atc', 'SELECT 1'])).stdout.trim()).toBe('1');

    const reveals = ((await (await app.api('/api/clusters/ledger-db/audit')).json()) as Array<{ action: string; actor: string }>).filter(
      (e) => e.action === 'cluster.connection.reveal',
    );
    expect(reveals.length).toBeGreaterThanOrEqual(3);
    expect(reveals.every((e) => e.actor === 'ledger/ledger-ci')).toBe(true);
  });

  it('the CLI refuses another team in one line, exit 1', async () => {
    const refused = await cli(stranger, 'clusters', 'connect', 'ledger-db', '--reveal');
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(/^error 403 \(forbidden\): team growth may not read the connection details of cluster ledger-db/);
  });
});
