import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { isFinishedOperationStatus } from '../../services/core/types';
import { untilActive, untilSucceeded, type ListedNode } from '../helpers/cluster-waits';
import { runCli } from '../../services/cli/main';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const errorOf = async (res: Response) => ((await res.json()) as { error: { message: string; details: Record<string, unknown> } }).error;

async function create(name: string, engine: string, regions = ['local']) {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, engine, owner: 'platform', expectedDataGb: 1, regions, environment: 'test' },
  });
  expect(res.status).toBe(202);
  return untilActive(app, name, 180_000);
}

async function backUp(cluster: string, kind?: string): Promise<string> {
  const res = await app.api(`/api/clusters/${cluster}/backups`, { method: 'POST', json: kind ? { kind } : {} });
  expect(res.status).toBe(202);
  const { backup, operation } = (await res.json()) as { backup: { id: string }; operation: { id: string } };
  await untilSucceeded(app, operation.id, 120_000);
  return backup.id;
}

const pgCount = async (node: ListedNode, password: string) => {
  const client = new pg.Client({ host: node.host, port: node.port, user: 'datafleet', password, database: 'postgres' });
  await client.connect();
  try {
    return Number((await client.query('SELECT count(*) AS n FROM payments')).rows[0]?.n);
  } finally {
    await client.end();
  }
};

/** The names of the standbys the primary sees streaming from it, right now. */
const streamingStandbys = async (primary: ListedNode, password: string) => {
  const client = new pg.Client({ host: primary.host, port: primary.port, user: 'datafleet', password, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT application_name AS name FROM pg_stat_replication WHERE state = 'streaming'",
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
};

const auditOf = async (clusterId: string) =>
  (
    await app.ctx.pool.query(
      "SELECT actor, reason, after FROM audit_events WHERE target_id = $1 AND action = 'cluster.restore-in-place' ORDER BY seq",
      [clusterId],
    )
  ).rows as Array<{ actor: string; reason: string; after: Record<string, unknown> }>;

type Named = ListedNode & { name: string };
const nodeDir = (name: string) => join(app.config.dataDir, 'local-nodes', name);
const apiPortOf = (name: string) => (JSON.parse(readFileSync(join(nodeDir(name), 'node.json'), 'utf8')) as { apiPort: number }).apiPort;

/** Every node run by Patroni again: the restored primary leads and takes writes, each replica streams from it. */
async function expectUnderPatroni(cluster: { nodes: ListedNode[]; password: string }) {
  const nodes = cluster.nodes as Named[];
  for (const node of nodes) expect(existsSync(join(nodeDir(node.name), 'patroni.yml'))).toBe(true);
  const primary = nodes.find((n) => n.role === 'primary')!;
  const members = await eventually(async () => {
    const res = await fetch(`http://127.0.0.1:${apiPortOf(primary.name)}/cluster`).catch(() => null);
    const body = res?.ok ? ((await res.json()) as { members: { name: string; role: string; state: string }[] }) : null;
    const ready = body?.members.length === nodes.length && body.members.every((m) => m.state === 'running' || m.state === 'streaming');
    return ready ? body.members : null;
  }, 120_000);
  expect(members.find((m) => m.role === 'leader')?.name).toBe(primary.name);
  const client = new pg.Client({
    host: primary.host,
    port: primary.port,
    user: 'datafleet',
    password: cluster.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    await client.query('INSERT INTO payments VALUES (1000)');
  } finally {
    await client.end();
  }
  for (const node of nodes) await eventually(async () => (await pgCount(node, cluster.password)) === 101, 60_000);
}

describe('in-place restore: only on an explicit, audited confirmation', () => {
  it('PostgreSQL: pgBackRest restores into the same data directories; the cluster keeps its endpoints and credential', async () => {
    const source = await create('payments', 'postgres');
    const primary = source.nodes.find((n) => n.role === 'primary')!;
    const client = new pg.Client({
      host: primary.host,
      port: primary.port,
      user: 'datafleet',
      password: source.password,
      database: 'postgres',
    });
    await client.connect();
    await client.query('CREATE TABLE payments (id int PRIMARY KEY)');
    await client.query('INSERT INTO payments SELECT generate_series(1, 100)');
    const backupId = await backUp('payments', 'full');
    await client.query('INSERT INTO payments SELECT generate_series(101, 250)');
    await client.end();

    // Without the exact confirmation: a 400 saying what to send, and nothing recorded.
    const inPlaceOps = async () => app.ctx.repos.operations.list({ clusterId: source.id, type: 'restore_in_place', limit: 10 });
    for (const body of [
      { backupId, inPlace: true },
      { backupId, inPlace: true, confirm: 'Payments' },
      { backupId, confirm: 'payments' },
      { backupId, inPlace: true, confirm: 'payments', name: 'payments-2' },
    ]) {
      const res = await app.api('/api/clusters/payments/restore', { method: 'POST', json: body });
      expect(res.status).toBe(400);
    }
    const refused = await app.api('/api/clusters/payments/restore', { method: 'POST', json: { backupId, inPlace: true } });
    expect((await errorOf(refused)).message).toMatch(/to confirm, send "confirm": "payments"/);
    expect(await auditOf(source.id)).toEqual([]);
    expect(await inPlaceOps()).toEqual([]);

    const res = await app.api('/api/clusters/payments/restore', { method: 'POST', json: { backupId, inPlace: true, confirm: 'payments' } });
    expect(res.status).toBe(202);
    const { operation } = (await res.json()) as { operation: { id: string; type: string } };
    expect(operation.type).toBe('restore_in_place');
    await untilSucceeded(app, operation.id, 400_000).catch(async (error: unknown) => {
      const op = await app.ctx.repos.operations.get(operation.id);
      throw new Error(`${String(error)}; the operation: ${JSON.stringify({ status: op?.status, error: op?.error, steps: op?.steps })}`);
    });
    const after = await untilActive(app, 'payments');
    // Same nodes, same endpoints, same credential; the data as the backup had it, on every node.
    expect(after.nodes.map((n) => `${n.role}@${n.port}`).sort()).toEqual(source.nodes.map((n) => `${n.role}@${n.port}`).sort());
    expect(after.password).toBe(source.password);
    // Done means replicating: the operation succeeds only once every replica streams from the restored primary.
    const restoredPrimary = after.nodes.find((n) => n.role === 'primary')!;
    const streaming = await streamingStandbys(restoredPrimary, after.password);
    for (const replica of (after.nodes as Named[]).filter((n) => n.role === 'replica')) expect(streaming).toContain(replica.name);
    for (const node of after.nodes) await eventually(async () => (await pgCount(node, after.password)) === 100, 60_000);
    if (app.config.localPostgresFailover === 'patroni') await expectUnderPatroni(after);
    // The restore stops every node on purpose: NodeDown alerts raised meanwhile queue remediations
    // behind it (the cluster lease). When they run they find the nodes well and replace nothing.
    await eventually(
      async () =>
        (await app.ctx.repos.operations.list({ clusterId: source.id, limit: 50 })).every((o) => isFinishedOperationStatus(o.status)),
      180_000,
    );
    const live = (await app.ctx.repos.nodes.forCluster(source.id)).map((n) => n.name).sort();
    expect(live).toEqual((source.nodes as Named[]).map((n) => n.name).sort());

    const audit = await auditOf(source.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: expect.stringMatching(/platform/),
      after: { backupId, confirm: 'payments', operationId: operation.id },
    });
  }, 600_000);

  it('Redis: the RDB loaded by the primary, replicas synced from it, through the CLI', async () => {
    const source = await create('sessions', 'redis');
    const primary = source.nodes.find((n) => n.role === 'primary')!;
    const writer = new Redis({ host: primary.host, port: primary.port, password: source.password, lazyConnect: true });
    for (let i = 0; i < 300; i++) await writer.set(`s:${i}`, `v${i}`);
    const backupId = await backUp('sessions');
    for (let i = 300; i < 500; i++) await writer.set(`s:${i}`, `v${i}`);
    await writer.del('s:0');
    writer.disconnect();

    const env = { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken };
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t), env };
    expect(await runCli(['clusters', 'restore', 'sessions', '--backup', backupId, '--in-place', '--confirm', 'session'], io)).not.toBe(0);
    expect(out).toMatch(/to confirm, send "confirm": "sessions"/);
    out = '';
    expect(
      await runCli(['clusters', 'restore', 'sessions', '--backup', backupId, '--in-place', '--confirm', 'sessions', '--wait'], io),
    ).toBe(0);
    expect(out).toMatch(/sessions: ACTIVE/);

    const after = await untilActive(app, 'sessions');
    for (const node of after.nodes) {
      const reader = new Redis({ host: node.host, port: node.port, password: after.password, lazyConnect: true });
      // 300 of the application's keys, and the probe the control plane wrote before the backup.
      await eventually(async () => (await reader.dbsize()) === 301, 30_000);
      expect(await reader.exists('datafleet:probe')).toBe(1);
      expect(await reader.get('s:0')).toBe('v0');
      expect(await reader.get('s:400')).toBeNull();
      reader.disconnect();
    }
  }, 600_000);

  it('a provider that cannot restore onto its own nodes refuses with a 422 naming the capability', async () => {
    await create('ledger-sim', 'cassandra', ['us-east-1']);
    const backupId = await backUp('ledger-sim');
    const res = await app.api('/api/clusters/ledger-sim/restore', {
      method: 'POST',
      json: { backupId, inPlace: true, confirm: 'ledger-sim' },
    });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).details.missingCapability).toBe('restoresInPlace');
  }, 300_000);
});
