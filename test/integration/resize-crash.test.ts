import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive } from '../helpers/cluster-waits';
import { exited, spawnWorker } from '../helpers/worker-process';

let app: TestApp;
beforeAll(async () => {
  // API only: the resize runs in worker child processes this test kills.
  app = await startTestApp({ roles: ['api'], config: { jobLockMs: 3000 } });
});
afterAll(async () => {
  await app?.api('/api/clusters/crash-resize', { method: 'DELETE' }).catch(() => undefined);
  await app?.stop();
});

const resizeStep = async (id: string) => (await app.ctx.repos.operations.get(id))?.steps.find((s) => s.name === 'resize-nodes');

describe('a worker killed with SIGKILL in the middle of a resize', () => {
  it('is replaced by another that moves each remaining node, none twice, and ends with every node on the new type', async () => {
    const first = spawnWorker(app);
    let second: ReturnType<typeof spawnWorker> | null = null;
    try {
      await app.api('/api/clusters', {
        method: 'POST',
        json: { name: 'crash-resize', engine: 'redis', owner: 'platform', environment: 'prod', expectedDataGb: 1, regions: ['local'] },
      });
      const cluster = await untilActive(app, 'crash-resize');
      const primaryBefore = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!.name;
      const from = (await app.ctx.repos.clusters.find('crash-resize'))!.spec.instanceType;
      const to = from === 'r5.xlarge' ? 'r5.2xlarge' : 'r5.xlarge';
      const res = await app.api('/api/clusters/crash-resize/resize', { method: 'POST', json: { instanceType: to, urgent: true } });
      expect(res.status).toBe(202);
      const { id } = ((await res.json()) as { operation: { id: string } }).operation;
      await eventually(async () => ((await resizeStep(id))?.checkpoint.finished as string[] | undefined)?.length === 1, 90_000, 20);
      first.kill('SIGKILL');
      await exited(first);
      const finishedBefore = (await resizeStep(id))!.checkpoint.finished as string[];

      second = spawnWorker(app);
      const op = await eventually(
        async () => {
          const o = await app.ctx.repos.operations.get(id);
          return o && ['succeeded', 'rolled_back', 'failed'].includes(o.status) ? o : undefined;
        },
        120_000,
        250,
      );
      expect(op.status).toBe('succeeded');
      const finished = (await resizeStep(id))!.checkpoint.finished as string[];
      expect(new Set(finished).size).toBe(3);
      expect(finished.slice(0, finishedBefore.length)).toEqual(finishedBefore);
      // Replicas before the primary, across the crash too; the primary handed its role to a moved replica first.
      expect(finished.at(-1)).toBe(primaryBefore);
      const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
      expect(nodes.find((n) => n.name === primaryBefore)!.role).toBe('replica');
      expect(nodes.map((n) => n.instanceType)).toEqual([to, to, to]);
      expect((await app.ctx.repos.clusters.find('crash-resize'))!.spec.instanceType).toBe(to);
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
