import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, type ListedNode } from '../helpers/cluster-waits';

const activeCluster = (name: string) => untilActive<{ origin: unknown }>(app, name, 180_000);
import { apiClient } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';
import { newId } from '../../services/core/ids';
import { runCli } from '../../services/cli/main';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

type Node = ListedNode;
interface BackupJson {
  id: string;
  status: string;
  kind: string;
  label: string | null;
  sizeBytes: number | null;
  walStart: string | null;
  walStop: string | null;
  checksum: string | null;
  location: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(node: Node, password: string): Promise<pg.Client> {
  const client = new pg.Client({ host: node.host, port: node.port, user: 'datafleet', password, database: 'postgres' });
  await client.connect();
  return client;
}

async function backUp(cluster: string, kind: string): Promise<BackupJson> {
  const res = await app.api(`/api/clusters/${cluster}/backups`, { method: 'POST', json: { kind } });
  expect(res.status).toBe(202);
  const { backup, operation } = (await res.json()) as { backup: BackupJson; operation: { id: string } };
  expect(backup.status).toBe('running');
  // The row is filled in before the operation's last step (retention) ends; wait for both.
  await eventually(
    async () => {
      const op = await app.ctx.repos.operations.get(operation.id);
      if (op?.status === 'failed') throw new Error(`backup operation failed: ${op.error}`);
      return op?.status === 'succeeded';
    },
    120_000,
    250,
  );
  return eventually(
    async () => {
      const now = (await (await app.api(`/api/backups/${backup.id}`)).json()) as BackupJson;
      if (now.status === 'failed') throw new Error(`backup failed: ${now.error}`);
      return now.status === 'succeeded' ? now : null;
    },
    120_000,
    250,
  );
}

describe('PostgreSQL backups with pgBackRest and point-in-time restore into a new cluster', () => {
  let source: { id: string; nodes: Node[]; password: string };
  let full: BackupJson;
  let pointInTime: string;

  it('backs up a real local PostgreSQL cluster and records what pgBackRest made', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'ledger', engine: 'postgres', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'test' },
    });
    expect(created.status).toBe(202);
    source = await activeCluster('ledger');
    const writer = await connect(
      source.nodes.find((n) => n.role === 'primary')!,
      source.password,
    );
    await writer.query('CREATE TABLE payments (id int PRIMARY KEY, amount numeric)');
    await writer.query('INSERT INTO payments SELECT g, g * 1.5 FROM generate_series(1, 1000) g');
    await writer.end();

    full = await backUp('ledger', 'full');
    expect(full.kind).toBe('full');
    expect(full.label).toMatch(/^\d{8}-\d{6}F$/);
    expect(full.sizeBytes).toBeGreaterThan(1_000_000);
    expect(full.walStart).toMatch(/^[0-9A-F]{24}$/);
    expect(full.walStop).toMatch(/^[0-9A-F]{24}$/);
    expect(full.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(full.location!)).toBe(true);
    expect(new Date(full.finishedAt!) >= new Date(full.startedAt!)).toBe(true);

    const list = (await (await app.api('/api/clusters/ledger/backups')).json()) as BackupJson[];
    expect(list.map((b) => b.id)).toEqual([full.id]);
    const policy = (await (await app.api('/api/clusters/ledger/backup-policy')).json()) as Record<string, unknown>;
    expect(policy).toMatchObject({ isDefault: true, kind: 'incr', fullEveryDays: 7, retentionDays: 14 });
    expect(policy.recoverableFrom).toBeTruthy();
  });

  it('an incremental backup after more writes references the full one', async () => {
    const writer = await connect(
      source.nodes.find((n) => n.role === 'primary')!,
      source.password,
    );
    await writer.query('INSERT INTO payments SELECT g, 0 FROM generate_series(1001, 1100) g');
    await writer.end();
    const incr = await backUp('ledger', 'incr');
    expect(incr.label).toMatch(new RegExp(`^${full.label}_\\d{8}-\\d{6}I$`));
    expect(incr.sizeBytes).toBeGreaterThan(0);
  });

  it('restores to a point in time into a new cluster holding exactly the rows written before it', async () => {
    const writer = await connect(
      source.nodes.find((n) => n.role === 'primary')!,
      source.password,
    );
    await writer.query('INSERT INTO payments SELECT g, 2 FROM generate_series(1101, 1200) g');
    await sleep(1100);
    pointInTime = new Date().toISOString();
    await sleep(1100);
    await writer.query('INSERT INTO payments SELECT g, 3 FROM generate_series(1201, 1300) g');
    await writer.end();

    const res = await app.api('/api/clusters/ledger/restore', { method: 'POST', json: { name: 'ledger-asof', to: pointInTime } });
    expect(res.status).toBe(202);
    const body = (await res.json()) as {
      cluster: { name: string; origin: Record<string, unknown>; owner: { name: string } };
      operation: { type: string };
    };
    expect(body.operation.type).toBe('provision');
    expect(body.cluster.owner.name).toBe('platform');
    expect(body.cluster.origin).toMatchObject({ clusterId: source.id, clusterName: 'ledger', to: pointInTime });

    const clone = await activeCluster('ledger-asof');
    expect(clone.origin).toMatchObject({ clusterName: 'ledger' });
    const reader = await connect(
      clone.nodes.find((n) => n.role === 'primary')!,
      clone.password,
    );
    const { rows } = await reader.query<{ n: string; max: number }>('SELECT count(*) AS n, max(id) AS max FROM payments');
    expect(Number(rows[0]!.n)).toBe(1200);
    expect(rows[0]!.max).toBe(1200);
    expect((await reader.query('SELECT pg_is_in_recovery() AS r')).rows[0]?.r).toBe(false);
    await reader.query('INSERT INTO payments VALUES (5000, 1)'); // the clone is a primary of its own
    await reader.end();
    // Its replica follows the clone's primary instead of promoting itself at the restore target.
    for (const replica of clone.nodes.filter((n) => n.role === 'replica')) {
      const standby = await connect(replica, clone.password);
      expect((await standby.query('SELECT pg_is_in_recovery() AS r')).rows[0]?.r).toBe(true);
      await eventually(async () => Number((await standby.query('SELECT count(*) AS n FROM payments')).rows[0]?.n) === 1201, 15_000);
      await standby.end();
    }
    const inventory = (await (await app.api('/api/clusters?fields=name,origin')).json()) as {
      items: Array<{ name: string; origin: unknown }>;
    };
    expect(inventory.items.find((c) => c.name === 'ledger-asof')?.origin).toMatchObject({ clusterName: 'ledger' });
  });

  it('restores the newest backup (no time) into a new cluster', async () => {
    const res = await app.api('/api/clusters/ledger/restore', { method: 'POST', json: { name: 'ledger-copy', backupId: full.id } });
    expect(res.status).toBe(202);
    const clone = await activeCluster('ledger-copy');
    const reader = await connect(
      clone.nodes.find((n) => n.role === 'primary')!,
      clone.password,
    );
    expect(Number((await reader.query('SELECT count(*) AS n FROM payments')).rows[0]?.n)).toBe(1000);
    await reader.end();
  });

  it('the CLI lists, shows, sets the policy and restores to a point in time', async () => {
    const list = await cli('backups', 'list', 'ledger');
    expect(list.err).toBe('');
    expect(list.out).toContain(full.id);
    expect(list.out).toMatch(/full\s+succeeded/);
    const show = await cli('backups', 'show', full.id);
    expect(show.out).toMatch(new RegExp(`^checksum\\s+${full.checksum}$`, 'm'));
    expect(show.out).toMatch(/^location\s+\//m);
    const set = await cli('backups', 'set-policy', 'ledger', '--retention', '30', '--window', '3');
    expect(set.err).toBe('');
    expect(set.out).toMatch(/^retention\s+30 days$/m);
    expect(set.out).toMatch(/^window\s+03:00 UTC for 4 h$/m);
    expect(set.out).toMatch(/^source\s+set by platform\//m);
    const restored = await cli('clusters', 'restore', 'ledger', '--as', 'ledger-cli', '--to', pointInTime, '--wait');
    expect(restored.err).toBe('');
    expect(restored.out).toMatch(/^ledger-cli: ACTIVE$/m);
    const got = await cli('clusters', 'get', 'ledger-cli');
    expect(got.out).toMatch(
      new RegExp(`^restored from\\s+ledger \\(backup [0-9a-f-]{36}, as of ${pointInTime.replace(/[.]/g, '\\.')}\\)$`, 'm'),
    );
    const clone = await activeCluster('ledger-cli');
    const reader = await connect(
      clone.nodes.find((n) => n.role === 'primary')!,
      clone.password,
    );
    expect(Number((await reader.query('SELECT count(*) AS n FROM payments')).rows[0]?.n)).toBe(1200);
    await reader.end();
  });

  it('refuses a time outside the recoverable range and says what the range is', async () => {
    const before = await app.api('/api/clusters/ledger/restore', {
      method: 'POST',
      json: { name: 'too-early', to: new Date(Date.parse(full.startedAt!) - 60_000).toISOString() },
    });
    expect(before.status).toBe(422);
    const error = ((await before.json()) as { error: { message: string; details: { recoverableFrom: string; recoverableTo: string } } })
      .error;
    expect(error.message).toMatch(/outside the recoverable range of cluster ledger: .* to .*/);
    expect(Date.parse(error.details.recoverableFrom)).toBeGreaterThan(Date.parse(full.finishedAt!));
    const future = await app.api('/api/clusters/ledger/restore', {
      method: 'POST',
      json: { name: 'too-late', to: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(future.status).toBe(422);
    expect(await app.ctx.repos.clusters.find('too-early')).toBeNull();
  });

  it("refuses a backup of another team's cluster, a failed backup and an expired one", async () => {
    const token = await teamWithToken(app, 'payments');
    const other = apiClient(app.url, token);
    const foreign = await other('/api/clusters/ledger/restore', { method: 'POST', json: { name: 'stolen', backupId: full.id } });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toMatch(/may not change cluster ledger/);
    expect((await other('/api/clusters/ledger/backups', { method: 'POST', json: {} })).status).toBe(403);

    const provision = (await app.ctx.repos.operations.list({ clusterId: source.id, type: 'provision', limit: 1 }))[0]!;
    const failedId = newId();
    await app.ctx.repos.backups.insert(
      {
        id: failedId,
        clusterId: source.id,
        operationId: provision.id,
        engine: 'postgres',
        kind: 'full',
        scheduled: false,
        requestedBy: 'test',
      },
      app.ctx.pool,
    );
    await app.ctx.repos.backups.fail(failedId, 'repository disk full');
    const failed = await app.api('/api/clusters/ledger/restore', { method: 'POST', json: { name: 'from-failed', backupId: failedId } });
    expect(failed.status).toBe(422);
    expect(((await failed.json()) as { error: { message: string } }).error.message).toMatch(/failed \(repository disk full\)/);

    await app.ctx.repos.backups.expireAllBut(source.id, []);
    const expired = await app.api('/api/clusters/ledger/restore', { method: 'POST', json: { name: 'from-expired', backupId: full.id } });
    expect(expired.status).toBe(422);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/has expired/);
  });

  it('retention expires the oldest full backup (and what depends on it) through pgbackrest expire', async () => {
    const policy = {
      enabled: false,
      frequencyHours: 24,
      kind: 'full',
      fullEveryDays: 1,
      retentionDays: 1,
      windowStartHour: 1,
      windowHours: 4,
    };
    expect((await app.api('/api/clusters/ledger/backup-policy', { method: 'PUT', json: policy })).status).toBe(200);
    // One day of daily fulls keeps two; the first full and the incremental on it go.
    const second = await backUp('ledger', 'full');
    const third = await backUp('ledger', 'full');
    const rows = (await (await app.api('/api/clusters/ledger/backups')).json()) as BackupJson[];
    const byLabel = new Map(rows.filter((b) => b.label).map((b) => [b.label!, b.status]));
    expect(byLabel.get(second.label!)).toBe('succeeded');
    expect(byLabel.get(third.label!)).toBe('succeeded');
    expect([...byLabel.entries()].filter(([, status]) => status === 'expired').map(([label]) => label)).toContain(full.label);
    expect(existsSync(full.location!)).toBe(false);
  });
});
