import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { exited, spawnWorker } from '../helpers/worker-process';

let app: TestApp;
beforeAll(async () => {
  // API only: all work happens in worker child processes this test controls.
  app = await startTestApp({ roles: ['api'], config: { jobLockMs: 3000 } });
});
afterAll(async () => {
  await app?.stop();
});

/** redis-server processes started for this cluster's nodes (their config lives in the node's directory). */
function nodeProcesses(cluster: string): number {
  try {
    return execFileSync('pgrep', ['-f', `local-nodes/${cluster}-`])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return 0;
  }
}

describe('a worker killed with SIGKILL in the middle of a provision', () => {
  it('is replaced by another worker that finishes with exactly the planned nodes', async () => {
    const first = spawnWorker(app);
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'crash-cache', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'prod' },
    });
    expect(res.status).toBe(202);
    const { operation, cluster } = (await res.json()) as { operation: { id: string }; cluster: { id: string; nodesPerRegion: number } };

    // Kill the worker as soon as it has created the first node and before it created them all.
    await eventually(
      async () => {
        const op = await app.ctx.repos.operations.get(operation.id);
        const created = (op?.steps.find((s) => s.name === 'create-nodes')?.checkpoint.created as string[] | undefined) ?? [];
        return created.length >= 1;
      },
      60_000,
      10,
    );
    first.kill('SIGKILL');
    await exited(first);
    const createdBeforeCrash = nodeProcesses('crash-cache');
    expect(createdBeforeCrash).toBeGreaterThanOrEqual(1);

    const second = spawnWorker(app);
    try {
      await eventually(async () => (await app.ctx.repos.clusters.find('crash-cache'))?.status === 'ACTIVE', 90_000);
      const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
      expect(nodes).toHaveLength(cluster.nodesPerRegion);
      expect(new Set(nodes.map((n) => n.port)).size).toBe(nodes.length);
      expect(nodeProcesses('crash-cache')).toBe(cluster.nodesPerRegion);
      const op = await app.ctx.repos.operations.get(operation.id);
      expect(op?.status).toBe('succeeded');
      // The interrupted step was started again by the second worker, not skipped.
      expect(op?.steps.find((s) => s.name === 'create-nodes')?.attempts).toBeGreaterThanOrEqual(2);

      // The cluster works: write on the primary, read on a replica.
      const password = await app.ctx.repos.clusters.password(cluster.id);
      const primary = nodes.find((n) => n.role === 'primary')!;
      const replica = nodes.find((n) => n.role === 'replica')!;
      const writer = new Redis({ host: primary.host!, port: primary.port!, password, lazyConnect: true });
      const reader = new Redis({ host: replica.host!, port: replica.port!, password, lazyConnect: true });
      await writer.set('greeting', 'survived a crash');
      await eventually(async () => (await reader.get('greeting')) === 'survived a crash', 10_000);
      writer.disconnect();
      reader.disconnect();

      const deletion = await app.api('/api/clusters/crash-cache', { method: 'DELETE' });
      expect(deletion.status).toBe(202);
      await eventually(async () => (await app.ctx.repos.clusters.find('crash-cache'))?.status === 'DECOMMISSIONED', 60_000);
      expect(nodeProcesses('crash-cache')).toBe(0);
      for (const n of nodes) expect(existsSync(join(app.config.dataDir, 'local-nodes', n.name))).toBe(false);
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }
  });
});

describe('Redis losing the queue mid-flight', () => {
  it('loses no operation: the reconciler re-enqueues it from PostgreSQL', async () => {
    const worker = spawnWorker(app, { DATAFLEET_SIM_TIME_SCALE: '30' });
    try {
      const res = await app.api('/api/clusters', {
        method: 'POST',
        json: { name: 'flushed-store', engine: 'cassandra', owner: 'platform', expectedDataGb: 100, regions: ['us-west-2'] },
      });
      const { operation } = (await res.json()) as { operation: { id: string } };
      // Wait until the provision is waiting for simulated nodes to boot (a delayed job), then drop every queue key.
      await eventually(
        async () =>
          (await app.ctx.repos.operations.get(operation.id))?.steps.find((s) => s.name === 'wait-for-nodes')?.status === 'waiting',
        60_000,
        50,
      );
      const redis = new Redis(app.config.redisUrl!);
      const keys = await redis.keys(`${app.config.queuePrefix}:operations:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      expect(await app.ctx.queue.state(operation.id)).toBe('missing');
      redis.disconnect();
      await eventually(async () => (await app.ctx.repos.operations.get(operation.id))?.status === 'succeeded', 90_000);
      expect((await app.ctx.repos.clusters.find('flushed-store'))?.status).toBe('ACTIVE');
    } finally {
      worker.kill('SIGTERM');
      await exited(worker);
    }
  });
});
