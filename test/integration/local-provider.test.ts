import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { NodeRequest, ProviderNode } from '../../services/providers/provider';
import { LocalProvider } from '../../services/providers/local/local-provider';
import { systemClock } from '../../services/core/clock';
import { eventually } from '../helpers/app';
import { testEngines } from '../helpers/engines';

const tempDir = mkdtempSync(join(tmpdir(), 'datafleet-local-provider-'));
const dataRoot = join(tempDir, 'local-nodes');
const provider = new LocalProvider({ dataRoot, clock: systemClock, engines: testEngines });
/** Another control-plane process on the same machine, e.g. the worker that replaced a killed one. */
const otherProcess = () => new LocalProvider({ dataRoot, clock: systemClock, engines: testEngines });

afterAll(async () => {
  for (const node of await provider.listNodes()) await provider.destroyNode(node.providerId);
  rmSync(tempDir, { recursive: true, force: true });
});

const suffix = () => randomUUID().slice(0, 8);

function request(overrides: Partial<NodeRequest> & Pick<NodeRequest, 'name' | 'engine' | 'clusterId' | 'password'>): NodeRequest {
  return {
    clusterName: 'local-it',
    version: 'installed',
    instanceType: 'r5.large',
    region: 'local',
    zone: 'local-a',
    role: 'primary',
    settings: {},
    dataGb: 1,
    ...overrides,
  };
}

/** Every process whose command line or environment mentions `text` (a node directory, a password). */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    for (const file of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${entry}/${file}`, 'utf8').includes(text)) found.push(Number(entry));
      } catch {
        /* gone meanwhile, or not ours to read */
      }
    }
  }
  return [...new Set(found)].filter((pid) => pid !== process.pid);
}

const redisClient = (node: ProviderNode, password: string) => {
  const client = new Redis({ host: node.host, port: node.port, password, lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  return client;
};

async function withPostgres<T>(node: ProviderNode, password: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: node.host, port: node.port, user: 'datafleet', password, database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a Redis node from a separate control-plane process, then SIGKILLs that process the moment
 * the node is up, as a crashing worker would.
 */
async function createFromDoomedProcess(name: string, clusterId: string, password: string): Promise<ProviderNode> {
  const script = join(tempDir, `${name}.mts`);
  const providerModule = resolve(import.meta.dirname, '../../services/providers/local/local-provider.ts');
  const enginesModule = resolve(import.meta.dirname, '../../services/engines/registry.ts');
  writeFileSync(
    script,
    [
      `import { LocalProvider } from ${JSON.stringify(providerModule)};`,
      `import { createEngineRegistry } from ${JSON.stringify(enginesModule)};`,
      `const provider = new LocalProvider({ dataRoot: ${JSON.stringify(dataRoot)}, clock: { now: () => new Date() }, engines: createEngineRegistry() });`,
      `const node = await provider.createNode(JSON.parse(process.env.NODE_REQUEST ?? ''));`,
      'console.log(JSON.stringify(node));',
      'setInterval(() => undefined, 1000);',
    ].join('\n'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, NODE_REQUEST: JSON.stringify(request({ name, engine: 'redis', clusterId, password })) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) done(out.split('\n')[0]!);
    });
    child.once('exit', (code) => fail(new Error(`the creating process exited (${code}) before the node was up`)));
  });
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
  return JSON.parse(line) as ProviderNode;
}

async function destroyAndAssertGone(nodes: ProviderNode[]): Promise<void> {
  for (const node of nodes) await provider.destroyNode(node.providerId);
  for (const node of nodes) {
    const dir = join(dataRoot, node.providerId);
    expect(existsSync(dir)).toBe(false);
    expect(processesMentioning(`${dir}/`)).toEqual([]);
    expect(await provider.describeNode(node.providerId)).toBeNull();
  }
}

describe('LocalProvider with real processes', () => {
  it('runs a Redis primary with two replicas that follow it, survives a killed replica, and destroys all', async () => {
    const clusterId = randomUUID();
    const password = `pw-${randomUUID()}`;
    const name = `it-redis-${suffix()}`;
    const primary = await provider.createNode(request({ name: `${name}-0`, engine: 'redis', clusterId, password }));
    expect(primary.state).toBe('running');
    const replicas = await Promise.all(
      [1, 2].map((i) =>
        provider.createNode(
          request({
            name: `${name}-${i}`,
            engine: 'redis',
            clusterId,
            password,
            role: 'replica',
            primary: { host: primary.host, port: primary.port },
          }),
        ),
      ),
    );
    expect(new Set([primary.port, ...replicas.map((r) => r.port)]).size).toBe(3);
    expect((await provider.listNodes({ clusterId })).map((n) => n.name)).toEqual([`${name}-0`, `${name}-1`, `${name}-2`]);

    const writer = redisClient(primary, password);
    await writer.set('greeting', 'hello from the primary');
    writer.disconnect();
    for (const replica of replicas) {
      const reader = redisClient(replica, password);
      await eventually(async () => (await reader.get('greeting')) === 'hello from the primary', 10_000, 100);
      expect(await reader.info('replication')).toContain('role:slave');
      reader.disconnect();
    }
    const anonymous = new Redis({ host: primary.host, port: primary.port, lazyConnect: true, maxRetriesPerRequest: 0 });
    anonymous.on('error', () => undefined);
    await expect(anonymous.get('greeting')).rejects.toThrow(/NOAUTH/);
    anonymous.disconnect();

    // A replica killed outright reads 'failed' to any process, and starts again from another one.
    const victim = replicas[0]!;
    const { pid } = JSON.parse(readFileSync(join(dataRoot, victim.providerId, 'node.json'), 'utf8')) as { pid: number };
    process.kill(pid, 'SIGKILL');
    await eventually(async () => (await otherProcess().describeNode(victim.providerId))?.state === 'failed', 5000, 50);
    const again = await otherProcess().createNode(
      request({ name: victim.name, engine: 'redis', clusterId, password, role: 'replica', primary }),
    );
    expect([again.state, again.port]).toEqual(['running', victim.port]);
    const reader = redisClient(again, password);
    await eventually(async () => (await reader.get('greeting')) === 'hello from the primary', 10_000, 100);
    reader.disconnect();

    expect(processesMentioning(password)).toEqual([]);
    await destroyAndAssertGone([primary, ...replicas]);
  });

  it('keeps a node running after the process that created it is killed; another process destroys it', async () => {
    const clusterId = randomUUID();
    const password = `pw-${randomUUID()}`;
    const created = await createFromDoomedProcess(`it-orphan-${suffix()}`, clusterId, password);
    expect(created.state).toBe('running');
    const seen = await otherProcess().describeNode(created.providerId);
    expect(seen).toMatchObject({ state: 'running', port: created.port });
    const client = redisClient(seen!, password);
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    await destroyAndAssertGone([seen!]);
  });

  it('runs a PostgreSQL primary with a streaming replica, and destroys both', async () => {
    const clusterId = randomUUID();
    const password = `pw-${randomUUID()}`;
    const name = `it-pg-${suffix()}`;
    const primary = await provider.createNode(request({ name: `${name}-0`, engine: 'postgres', clusterId, password }));
    expect(primary.state).toBe('running');
    await withPostgres(primary, password, async (client) => {
      await client.query('CREATE TABLE orders (id int PRIMARY KEY, item text)');
      await client.query("INSERT INTO orders VALUES (1, 'written before the replica existed')");
    });
    const replica = await provider.createNode(
      request({ name: `${name}-1`, engine: 'postgres', clusterId, password, role: 'replica', primary }),
    );
    expect(replica.state).toBe('running');
    await withPostgres(primary, password, (client) => client.query("INSERT INTO orders VALUES (2, 'written after')"));
    const rows = await eventually(
      () =>
        withPostgres(replica, password, async (client) => {
          const { rows: found } = await client.query<{ id: number }>('SELECT id FROM orders ORDER BY id');
          return found.length === 2 ? found : null;
        }),
      10_000,
      100,
    );
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
    expect(
      await withPostgres(replica, password, async (c) => (await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0]?.r),
    ).toBe(true);
    await expect(withPostgres(primary, 'wrong-password', (c) => c.query('SELECT 1'))).rejects.toThrow(/password authentication failed/);

    // A restart keeps data and replication.
    expect((await provider.restartNode(replica.providerId)).state).toBe('running');
    await withPostgres(primary, password, (client) => client.query("INSERT INTO orders VALUES (3, 'after the restart')"));
    await eventually(
      () => withPostgres(replica, password, async (c) => (await c.query('SELECT 1 FROM orders WHERE id = 3')).rowCount === 1),
      10_000,
      100,
    );

    for (const node of [primary, replica]) {
      expect(readFileSync(join(dataRoot, node.providerId, 'node.json'), 'utf8')).not.toContain(password);
      expect(readFileSync(join(dataRoot, node.providerId, 'server.log'), 'utf8')).not.toContain(password);
    }
    expect(processesMentioning(password)).toEqual([]);
    await destroyAndAssertGone([replica, primary]);
  });
});
