import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { exited, spawnWorker } from '../helpers/worker-process';

let app: TestApp;
beforeAll(async () => {
  // API only: the upgrade runs in worker child processes this test kills. A slow simulated clock
  // makes each node's change take long enough to be caught in the middle.
  app = await startTestApp({ roles: ['api'], config: { jobLockMs: 3000, simulatorTimeScale: 30 } });
});
afterAll(async () => {
  await app?.stop();
});

describe('a worker killed with SIGKILL in the middle of a rolling upgrade', () => {
  it('is replaced by another that changes each remaining node once and skips none', async () => {
    const first = spawnWorker(app);
    await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'crash-ring', engine: 'cassandra', owner: 'platform', environment: 'test', expectedDataGb: 30, regions: ['us-east-1'] },
    });
    const cluster = await eventually(async () => {
      const c = await app.ctx.repos.clusters.find('crash-ring');
      return c?.status === 'ACTIVE' ? c : undefined;
    }, 90_000);
    const res = await app.api('/api/clusters/crash-ring/upgrades', {
      method: 'POST',
      json: { toVersion: '5.0.2', benchmarkSeconds: 5, workloads: ['balanced-50-50'] },
    });
    const { id } = (await res.json()) as { id: string };

    await eventually(
      async () => {
        const step = (await app.ctx.repos.operations.get(id))?.steps.find((s) => s.name === 'roll-nodes');
        // The canary was changed by its own step (the first name here, skipped): wait for one node changed by this step.
        return ((step?.checkpoint.finished as string[] | undefined) ?? []).length >= 2;
      },
      90_000,
      20,
    );
    first.kill('SIGKILL');
    await exited(first);
    const finishedBefore = (await app.ctx.repos.operations.get(id))!.steps.find((s) => s.name === 'roll-nodes')!.checkpoint
      .finished as string[];

    const second = spawnWorker(app);
    try {
      const op = await eventually(
        async () => {
          const o = await app.ctx.repos.operations.get(id);
          return o && ['succeeded', 'rolled_back', 'failed'].includes(o.status) ? o : undefined;
        },
        120_000,
        250,
      );
      expect(op.error).toBeNull();
      const roll = op.steps.find((s) => s.name === 'roll-nodes')!;
      const finished = roll.checkpoint.finished as string[];
      const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
      expect([...finished].sort()).toEqual(nodes.map((n) => n.name).sort());
      expect(new Set(finished).size).toBe(finished.length);
      // What was finished before the crash stays first, in the same order: it was not redone.
      expect(finished.slice(0, finishedBefore.length)).toEqual(finishedBefore);
      expect(nodes.every((n) => n.softwareVersion === '5.0.2')).toBe(true);
      const audit = await app.ctx.repos.audit.forTarget('cluster', cluster.id);
      expect(JSON.stringify(audit)).toContain('operation.upgrade.succeeded');
    } finally {
      second.kill('SIGKILL');
      await exited(second);
    }
  });
});
