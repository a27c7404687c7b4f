import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startDatafleet, type RunningDatafleet } from '../../services/app/app';
import type { Config } from '../../services/core/config';
import { newSecret } from '../../services/core/ids';
import { generateSecretKey } from '../../services/core/secrets/secret-box';
import { eventually, testRedisUrl } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { deleteKeysUnder } from '../helpers/redis-keys';

const keyA = generateSecretKey();
const keyB = generateSecretKey();
const b64 = (k: { key: Buffer }) => k.key.toString('base64');

let db: TestDatabase;
let dataDir: string;
let app: RunningDatafleet | undefined;
const queuePrefix = `dft-${newSecret(6)}`;
const adminToken = `test_${newSecret(16)}`;

/** The same database, data directory and queue prefix each time: a restart of the same control plane. */
function start(config: Partial<Config>, roles: Array<'api' | 'worker'> = ['api', 'worker']): Promise<RunningDatafleet> {
  return startDatafleet({
    roles,
    config: {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: db.url,
      redisUrl: testRedisUrl,
      dataDir,
      logLevel: 'warn',
      adminToken,
      queuePrefix,
      jobLockMs: 4000,
      reconcileIntervalMs: 1000,
      healthIntervalMs: 500,
      maintenanceScanEveryMs: 0,
      ...config,
    },
  });
}

async function api(path: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
  return fetch(`${app!.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${adminToken}`, ...(init.json ? { 'content-type': 'application/json' } : {}) },
    body: init.json ? JSON.stringify(init.json) : undefined,
  });
}

/** Everything PostgreSQL holds for cluster_secrets, as pg_dump writes it. */
const dumpSecrets = (): string => execFileSync('pg_dump', ['--data-only', '--table=cluster_secrets', db.url]).toString();

async function secretRows() {
  const { rows } = await db.pool.query<{ password: string | null; key_id: string | null; ciphertext: Buffer | null }>(
    'SELECT password, key_id, ciphertext FROM cluster_secrets',
  );
  return rows;
}

/** A benchmark is run by a worker that opens the sealed password and connects to the node with it. */
async function benchmarkSucceeds(): Promise<void> {
  const res = await api('/api/clusters/sealed-cache/benchmarks', {
    method: 'POST',
    json: { workloads: ['balanced-50-50'], durationSeconds: 1 },
  });
  expect(res.status).toBe(202);
  const { operation } = (await res.json()) as { operation: { id: string } };
  const done = await eventually(
    async () => {
      const op = (await (await api(`/api/operations/${operation.id}`)).json()) as { status: string; error: string | null };
      return ['succeeded', 'failed', 'cancelled'].includes(op.status) ? op : null;
    },
    120_000,
    250,
  );
  expect(done).toMatchObject({ status: 'succeeded' });
}

let password = '';
let clusterId = '';

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'datafleet-secrets-'));
});
afterAll(async () => {
  await app?.stop();
  await deleteKeysUnder(testRedisUrl, queuePrefix);
  spawnSync('pkill', ['-f', dataDir]);
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('cluster passwords at rest', () => {
  it('a local Redis cluster works while a dump of cluster_secrets shows no password', async () => {
    app = await start({ secretKey: b64(keyA) });
    const res = await api('/api/clusters', {
      method: 'POST',
      json: { name: 'sealed-cache', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'test' },
    });
    expect(res.status).toBe(202);
    const cluster = await eventually(
      async () => {
        const c = await app!.ctx.repos.clusters.find('sealed-cache');
        if (c?.status === 'FAILED') throw new Error(`provision failed: ${c.statusReason}`);
        return c?.status === 'ACTIVE' ? c : null;
      },
      120_000,
      250,
    );
    clusterId = cluster.id;
    password = await app.ctx.repos.clusters.password(cluster.id);
    expect(password.length).toBeGreaterThanOrEqual(16);

    // The password is the one the node requires (requirepass): it opens the node, nothing else does.
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const primary = nodes.find((n) => n.role === 'primary')!;
    const client = new Redis({ host: primary.host!, port: primary.port!, password, lazyConnect: true });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    const intruder = new Redis({
      host: primary.host!,
      port: primary.port!,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    intruder.on('error', () => undefined);
    await intruder.connect().catch(() => undefined);
    await expect(intruder.ping()).rejects.toThrow(/NOAUTH|Authentication|closed/i);
    intruder.disconnect();

    const dump = dumpSecrets();
    expect(dump).toContain(cluster.id);
    for (const form of [password, Buffer.from(password).toString('hex'), Buffer.from(password).toString('base64')])
      expect(dump).not.toContain(form);
    expect(await secretRows()).toEqual([{ password: null, key_id: keyA.id, ciphertext: expect.any(Buffer) }]);

    // The health collector probes the nodes with the opened password.
    await eventually(async () => {
      const health = (await (await api('/api/clusters/sealed-cache/health')).json()) as { nodes: Array<{ state: string }> };
      return health.nodes.length === nodes.length && health.nodes.every((n) => n.state === 'healthy');
    }, 30_000);
    await benchmarkSucceeds();
  });

  it('a restart without the key that sealed the secrets refuses to start, naming the key', async () => {
    await app!.stop();
    app = undefined;
    const stranger = generateSecretKey();
    await expect(start({ secretKey: b64(stranger) })).rejects.toThrow(
      `this database seals cluster secrets with key ${keyA.id}, which this process does not have (its key is ${stranger.id})`,
    );
    await expect(start({ secretKey: 'not-a-key' })).rejects.toThrow(/^DATAFLEET_SECRET_KEY is not a valid secret key/);
    expect((await secretRows())[0]?.key_id).toBe(keyA.id); // nothing changed
  });

  it('after a key rotation every row is re-sealed under the new key at startup and the cluster still works', async () => {
    app = await start({ secretKey: b64(keyB), secretKeysOld: [b64(keyA)] });
    expect(await secretRows()).toEqual([{ password: null, key_id: keyB.id, ciphertext: expect.any(Buffer) }]);
    expect(await app.ctx.repos.clusters.password(clusterId)).toBe(password);
    await benchmarkSucceeds();
    await app.stop();
    app = undefined;
    // The old key is no longer needed.
    app = await start({ secretKey: b64(keyB), secretKeysOld: [] });
    expect(await app.ctx.repos.clusters.password(clusterId)).toBe(password);
  });

  it('plaintext rows from before the migration are sealed at startup, once, by two processes starting at once', async () => {
    await app!.stop();
    app = undefined;
    // 300 more clusters (decommissioned copies, so nothing probes them) and every secret back to plaintext, as before migration 016.
    await db.pool.query(
      `INSERT INTO clusters SELECT (jsonb_populate_record(c, jsonb_build_object('id', gen_random_uuid(), 'name', c.name || '-' || i, 'status', 'DECOMMISSIONED'))).*
         FROM clusters c, generate_series(1, 300) i WHERE c.id = $1`,
      [clusterId],
    );
    await db.pool.query(`INSERT INTO cluster_secrets (cluster_id, password) SELECT id, 'legacy-' || id FROM clusters WHERE id <> $1`, [
      clusterId,
    ]);
    await db.pool.query(
      'UPDATE cluster_secrets SET password = $2, ciphertext = NULL, nonce = NULL, auth_tag = NULL, key_id = NULL WHERE cluster_id = $1',
      [clusterId, password],
    );
    expect(dumpSecrets()).toContain(password);

    const [first, second] = await Promise.all([start({ secretKey: b64(keyB) }, ['api']), start({ secretKey: b64(keyB) }, ['api'])]);
    await second.stop();
    app = first;
    const rows = await secretRows();
    expect(rows).toHaveLength(301);
    expect(rows.every((r) => r.password === null && r.key_id === keyB.id)).toBe(true);
    expect(dumpSecrets()).not.toContain(password);
    expect(dumpSecrets()).not.toContain('legacy-');
    expect(await first.ctx.repos.clusters.password(clusterId)).toBe(password);
    await first.stop();
    app = await start({ secretKey: b64(keyB) });
    await benchmarkSucceeds();
  });
});

describe('one key per database', () => {
  it('a new data directory takes over a key that sealed nothing; a process whose key was replaced stores no secret; stored secrets refuse a stranger key', async () => {
    const fresh = await createTestDatabase();
    const dirs = ['a', 'b', 'c'].map((h) => mkdtempSync(join(tmpdir(), `datafleet-host-${h}-`)));
    const host = (dir: string) =>
      startDatafleet({
        roles: ['api'],
        config: {
          port: 0,
          host: '127.0.0.1',
          databaseUrl: fresh.url,
          redisUrl: testRedisUrl,
          dataDir: dir,
          logLevel: 'warn',
          adminToken,
          queuePrefix,
        },
      });
    const create = (running: { url: string }, name: string) =>
      fetch(`${running.url}/api/clusters`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['us-east-1'] }),
      });
    const running: Array<{ stop(): Promise<void> }> = [];
    try {
      // Each host has no DATAFLEET_SECRET_KEY, so each generates a key into its own data directory.
      const first = await host(dirs[0]!);
      running.push(first);
      // Nothing is sealed yet: a second data directory's key takes the database over.
      const second = await host(dirs[1]!);
      running.push(second);
      // The first host's key is no longer the database's: it must not store a secret nobody else can open.
      const refused = await create(first, 'sealed-by-a');
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/no longer the database's current key/);
      expect((await fresh.pool.query("SELECT 1 FROM clusters WHERE name = 'sealed-by-a'")).rowCount).toBe(0);
      expect((await create(second, 'sealed-by-b')).status).toBe(202);
      // Now a secret is stored under the second key: a third key is refused at start.
      await expect(host(dirs[2]!)).rejects.toThrow(
        /^this database seals cluster secrets with key [0-9a-f]{16}, which this process does not have .*same DATAFLEET_SECRET_KEY/,
      );
    } finally {
      for (const r of running) await r.stop().catch(() => undefined);
      await fresh.drop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('datafleet secrets rotate-key', () => {
  it('moves from DATAFLEET_SECRET_KEY to the data directory key file, rotates it and re-seals every row', async () => {
    await app!.stop();
    app = undefined;
    const { runCli } = await import('../../services/cli/main');
    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), cwd: dataDir };
    // The rows are under key B; the data directory's key file becomes the key, B is only given to open them.
    const env = { DATAFLEET_DATA_DIR: dataDir, DATABASE_URL: db.url, DATAFLEET_SECRET_KEYS_OLD: b64(keyB) };
    expect(await runCli(['secrets', 'rotate-key'], { ...io, env })).toBe(0);
    const text = out.join('');
    const current = /current key\s+([0-9a-f]{16})/.exec(text)?.[1];
    expect(text).toMatch(/previous key\s+[0-9a-f]{16}/);
    expect(text).toMatch(/re-sealed\s+301/);
    expect((await secretRows()).every((r) => r.key_id === current && r.password === null)).toBe(true);

    // A second rotation needs no old key from the environment: the previous one is in secret-keys-old.
    out.length = 0;
    expect(await runCli(['secrets', 'rotate-key'], { ...io, env: { DATAFLEET_DATA_DIR: dataDir, DATABASE_URL: db.url } })).toBe(0);
    const next = /current key\s+([0-9a-f]{16})/.exec(out.join(''))?.[1];
    expect(next).not.toBe(current);
    expect((await secretRows()).every((r) => r.key_id === next)).toBe(true);

    app = await start({}); // no DATAFLEET_SECRET_KEY: the data directory's key
    expect(await app.ctx.repos.clusters.password(clusterId)).toBe(password);
    await benchmarkSucceeds();

    out.length = 0;
    expect(await runCli(['secrets', 'rotate-key'], { ...io, env: { DATAFLEET_DATA_DIR: dataDir, DATAFLEET_SECRET_KEY: 'zz' } })).toBe(1);
    expect(out.join('')).toMatch(/^DATAFLEET_SECRET_KEY is not a valid secret key/);
  });
});
