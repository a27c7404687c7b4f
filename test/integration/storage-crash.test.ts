import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive } from '../helpers/cluster-waits';
import { exited, spawnWorker } from '../helpers/worker-process';

let app: TestApp;
beforeAll(async () => {
  // API only: the grow runs in worker child processes this test kills.
  app = await startTestApp({ roles: ['api'], config: { jobLockMs: 3000 } });
});
afterAll(async () => {
  await app?.stop();
});

describe('a worker killed with SIGKILL in the middle of a grow-storage operation', () => {
  it('is replaced by another that grows only the remaining nodes, each once, and records the new disk', async () => {
    const first = spawnWorker(app);
    let second: ReturnType<typeof spawnWorker> | null = null;
    try {
      const created = await app.api('/api/clusters', {
        method: 'POST',
        json: { name: 'crash-disk', engine: 'cassandra', owner: 'platform', expectedDataGb: 100, regions: ['us-east-1'] },
      });
      expect(created.status).toBe(202);
      const cluster = await untilActive<{ instanceType: string; nodes: Array<{ name: string }> }>(app, 'crash-disk');
      const typeDisk = app.ctx.regions.instanceTypes.get(cluster.instanceType)!.diskGb;
      const res = await app.api('/api/clusters/crash-disk/storage', { method: 'POST', json: { diskGb: typeDisk * 2, urgent: true } });
      expect(res.status).toBe(202);
      const { id } = ((await res.json()) as { operation: { id: string } }).operation;
      const grownOf = async () =>
        ((await app.ctx.repos.operations.get(id))?.steps.find((s) => s.name === 'grow-disks')?.checkpoint.grown as string[] | undefined) ??
        [];
      await eventually(async () => (await grownOf()).length >= 1, 90_000, 20);
      first.kill('SIGKILL');
      await exited(first);
      const grownBefore = await grownOf();
      expect(grownBefore.length).toBeLessThan(cluster.nodes.length);

      second = spawnWorker(app);
      const op = await eventually(
        async () => {
          const o = await app.ctx.repos.operations.get(id);
          return o && ['succeeded', 'failed'].includes(o.status) ? o : undefined;
        },
        120_000,
        250,
      );
      expect(op.status).toBe('succeeded');
      const grown = op.steps.find((s) => s.name === 'grow-disks')!.checkpoint.grown as string[];
      expect([...grown].sort()).toEqual(cluster.nodes.map((n) => n.name).sort());
      expect(grown.slice(0, grownBefore.length)).toEqual(grownBefore);
      const disks = await app.ctx.pool.query<{ disk_gb: string }>(
        `SELECT disk_gb FROM sim_instances WHERE cluster_id = $1 AND terminated_at IS NULL`,
        [cluster.id],
      );
      expect(disks.rows.map((r) => Number(r.disk_gb))).toEqual(cluster.nodes.map(() => typeDisk * 2));
      const after = await app.ctx.repos.clusters.findById(cluster.id);
      expect(after!.spec.diskGb).toBe(typeDisk * 2);
    } finally {
      first.kill('SIGKILL');
      await exited(first);
      if (second) {
        second.kill('SIGKILL');
        await exited(second);
      }
    }
  }, 240_000);
});
