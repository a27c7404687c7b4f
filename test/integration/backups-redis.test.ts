import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

interface Node {
  role: string;
  host: string;
  port: number;
}

async function activeCluster(name: string): Promise<{ nodes: Node[]; password: string }> {
  await eventually(
    async () => {
      const cluster = await app.ctx.repos.clusters.find(name);
      if (cluster?.status === 'FAILED') throw new Error(`provision of ${name} failed: ${cluster.statusReason}`);
      return cluster?.status === 'ACTIVE';
    },
    120_000,
    250,
  );
  const detail = (await (await app.api(`/api/clusters/${name}`)).json()) as { id: string; nodes: Node[] };
  return { nodes: detail.nodes, password: await app.ctx.repos.clusters.password(detail.id) };
}

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
    const { backup } = (await res.json()) as { backup: { id: string; kind: string } };
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
      await eventually(async () => (await reader.dbsize()) === 2001, 10_000);
      for (const i of [0, 1, 999, 1999]) expect(await reader.get(`cart:${i}`)).toBe(`items-${i * 7}`);
      expect(await reader.hgetall('cart:profile')).toEqual({ owner: 'ana', currency: 'EUR' });
      expect(await reader.exists('cart:after-backup')).toBe(0);
      reader.disconnect();
    }
  });
});
