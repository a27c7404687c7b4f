import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { existsSync } from 'node:fs';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, type ListedNode } from '../helpers/cluster-waits';

const activeCluster = (name: string) => untilActive(app, name);
import { runBackupScan } from '../../services/backups/backup-scan';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

type Node = ListedNode;

const client = (node: Node, password: string) => new Redis({ host: node.host, port: node.port, password, lazyConnect: true });

describe('Redis backups: an RDB snapshot of a replica, restored into a new cluster', () => {
  it('backs up with BGSAVE, records the sha256, and a clone holds the same keys and values', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'carts', engine: 'redis', owner: 'platform', expectedDataGb: 2, regions: ['local'], environment: 'test' },
    });
    expect(created.status).toBe(202);
    const source = await activeCluster('carts');
    expect(source.nodes.some((n) => n.role === 'replica')).toBe(true);
    const primary = source.nodes.find((n) => n.role === 'primary')!;
    const writer = client(primary, source.password);
    const pipeline = writer.pipeline();
    for (let i = 0; i < 2000; i++) pipeline.set(`cart:${i}`, `items-${i * 7}`);
    pipeline.hset('cart:profile', { owner: 'ana', currency: 'EUR' });
    await pipeline.exec();
    const replica = client(
      source.nodes.find((n) => n.role === 'replica')!,
      source.password,
    );
    await eventually(async () => (await replica.dbsize()) === 2001, 10_000);
    replica.disconnect();

    const res = await app.api('/api/clusters/carts/backups', { method: 'POST', json: {} });
    expect(res.status).toBe(202);
    const { backup } = (await res.json()) as { backup: { id: string; kind: string; operationId: string } };
    expect(backup.kind).toBe('snapshot');
    const done = await eventually(
      async () => {
        const row = (await (await app.api(`/api/backups/${backup.id}`)).json()) as {
          status: string;
          error: string | null;
          checksum: string;
          location: string;
          sizeBytes: number;
        };
        if (row.status === 'failed') throw new Error(`backup failed: ${row.error}`);
        return row.status === 'succeeded' ? row : null;
      },
      60_000,
      200,
    );
    expect(done.checksum).toBe(createHash('sha256').update(readFileSync(done.location)).digest('hex'));
    expect(done.sizeBytes).toBeGreaterThan(10_000);
    // Taken from the replica: the primary never forked for it.
    expect(Number(/rdb_saves:(\d+)/.exec(await writer.info('persistence'))?.[1])).toBe(0);

    await writer.set('cart:after-backup', 'not in the clone');
    writer.disconnect();

    const restore = await app.api('/api/clusters/carts/restore', { method: 'POST', json: { name: 'carts-copy', backupId: backup.id } });
    expect(restore.status).toBe(202);
    const clone = await activeCluster('carts-copy');
    for (const node of clone.nodes) {
      const reader = client(node, clone.password);
      // The 2001 keys and the control plane's probe, written just before the backup for restore drills.
      await eventually(async () => (await reader.dbsize()) === 2002, 10_000);
      expect(JSON.parse((await reader.get('datafleet:probe'))!)).toMatchObject({ tag: backup.operationId });
      for (const i of [0, 1, 999, 1999]) expect(await reader.get(`cart:${i}`)).toBe(`items-${i * 7}`);
      expect(await reader.hgetall('cart:profile')).toEqual({ owner: 'ana', currency: 'EUR' });
      expect(await reader.exists('cart:after-backup')).toBe(0);
      reader.disconnect();
    }
  });

  it('the schedule backs up what is due inside its window, and retention expires the oldest', async () => {
    const hour = new Date().getUTCHours();
    const policy = {
      enabled: true,
      frequencyHours: 24,
      kind: 'snapshot',
      fullEveryDays: 1,
      retentionDays: 1,
      windowStartHour: hour,
      windowHours: 1,
    };
    expect((await app.api('/api/clusters/carts-copy/backup-policy', { method: 'PUT', json: policy })).status).toBe(200);
    // carts was backed up moments ago; carts-copy never was.
    const scan = await runBackupScan(app.ctx, app.services.backups);
    expect(scan.started).toEqual(['carts-copy']);
    expect((await runBackupScan(app.ctx, app.services.backups)).started).toEqual([]);
    const copyId = (await app.ctx.repos.clusters.find('carts-copy'))!.id;
    const settled = async (count: number) =>
      eventually(async () => {
        const rows = await app.ctx.repos.backups.forCluster(copyId);
        const open = await app.ctx.repos.operations.list({ clusterId: copyId, type: 'backup', limit: 10 });
        return rows.length === count && open.every((o) => o.status === 'succeeded') ? rows : null;
      }, 60_000);
    const [scheduled] = await settled(1);
    expect(scheduled!.scheduled).toBe(true);
    expect(scheduled!.requestedBy).toBe('datafleet/backup-schedule');

    // Retention of one day at one snapshot a day keeps two: the third backup expires the first.
    for (let i = 0; i < 2; i++) expect((await app.api('/api/clusters/carts-copy/backups', { method: 'POST', json: {} })).status).toBe(202);
    const rows = await settled(3);
    const oldest = rows.at(-1)!;
    expect(oldest.id).toBe(scheduled!.id);
    expect(oldest.status).toBe('expired');
    expect(existsSync(oldest.location!)).toBe(false);
    expect(rows.slice(0, 2).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });
});
