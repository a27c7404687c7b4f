import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive } from '../helpers/cluster-waits';
import { exited, spawnWorker } from '../helpers/worker-process';

let app: TestApp;
beforeAll(async () => {
  // API only: the change runs in worker child processes this test kills.
  app = await startTestApp({ roles: ['api'], config: { jobLockMs: 3000 } });
});
afterAll(async () => {
  await app?.api('/api/clusters/crash-params', { method: 'DELETE' }).catch(() => undefined);
  await app?.stop();
});

describe('a worker killed with SIGKILL in the middle of a rolling settings change', () => {
  it('is replaced by another that restarts each remaining node and ends with every node changed', async () => {
    const first = spawnWorker(app);
    let second: ReturnType<typeof spawnWorker> | null = null;
    try {
      await app.api('/api/clusters', {
        method: 'POST',
        json: { name: 'crash-params', engine: 'redis', owner: 'platform', environment: 'prod', expectedDataGb: 1, regions: ['local'] },
      });
      const cluster = await untilActive(app, 'crash-params');
      const res = await app.api('/api/clusters/crash-params/settings', {
        method: 'POST',
        json: { settings: { databases: 24 }, urgent: true },
      });
      expect(res.status).toBe(202);
      const { id } = ((await res.json()) as { operation: { id: string } }).operation;
      await eventually(
        async () => {
          const step = (await app.ctx.repos.operations.get(id))?.steps.find((s) => s.name === 'apply');
          return ((step?.checkpoint.finished as string[] | undefined) ?? []).length >= 1;
        },
        90_000,
        20,
      );
      first.kill('SIGKILL');
      await exited(first);
      const finishedBefore = (await app.ctx.repos.operations.get(id))!.steps.find((s) => s.name === 'apply')!.checkpoint
        .finished as string[];

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
      const finished = op.steps.find((s) => s.name === 'apply')!.checkpoint.finished as string[];
      expect([...finished].sort()).toEqual(cluster.nodes.map((_, i) => finished[i]).sort());
      expect(new Set(finished).size).toBe(3);
      expect(finished.slice(0, finishedBefore.length)).toEqual(finishedBefore);
      for (const node of cluster.nodes) {
        const client = new Redis({
          host: node.host,
          port: node.port,
          password: cluster.password,
          lazyConnect: true,
          maxRetriesPerRequest: 1,
        });
        try {
          await client.connect();
          expect(((await client.config('GET', 'databases')) as string[])[1]).toBe('24');
        } finally {
          client.disconnect();
        }
      }
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
