import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { withTransaction } from '../../services/infra/db/pool';
import { OperationRunner } from '../../services/operations/runner';
import { LeaseLostError, type StepFn } from '../../services/operations/workflow';
import { workflows } from '../../services/operations/workflows/index';
import { replaceNodeWorkflow } from '../../services/operations/workflows/replace-node/index';

let app: TestApp;
beforeAll(async () => {
  // The replacement is driven by this test's own runner: the app's worker never sees it (it is not
  // queued, and the reconciler that would queue it does not come round during the test).
  app = await startTestApp({ config: { reconcileIntervalMs: 3_600_000 } });
});
afterAll(async () => {
  await app?.stop();
});

/**
 * The switch-over step of a worker that dies at `point`: after asking Sentinel to switch over but
 * before recording that it asked, or after the step's work.
 */
function dyingAt(point: 'requested' | 'end'): typeof workflows {
  const real = replaceNodeWorkflow.steps['switch-over'];
  const dying: StepFn<'replace_node'> = async (run) => {
    const result = await real({
      ...run,
      save: async (patch) => {
        if (point === 'requested' && 'handoverRequested' in patch) throw new LeaseLostError(run.op.id);
        await run.save(patch);
      },
    });
    if (point === 'end') throw new LeaseLostError(run.op.id);
    return result;
  };
  return { ...workflows, replace_node: { ...replaceNodeWorkflow, steps: { ...replaceNodeWorkflow.steps, 'switch-over': dying } } };
}

/** Drives the operation as a worker would, honouring each requested delay (capped), until it ends or a generous deadline passes. */
async function runToEnd(runner: OperationRunner, id: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const outcome = await runner.run(id);
    if (outcome.kind === 'finished') return;
    await new Promise((r) => setTimeout(r, Math.min(outcome.delayMs, 500)));
  }
  throw new Error('the replacement did not finish within 180 s');
}

describe('a worker killed during a Redis primary switchover', () => {
  it.each(['requested', 'end'] as const)(
    'dying at %s, the next worker finishes it through Sentinel: one primary, every replica follows it, data kept',
    async (point) => {
      const name = `crash-cache-${point.toLowerCase()}`;
      expect(
        (
          await app.api('/api/clusters', {
            method: 'POST',
            json: { name, owner: 'platform', engine: 'redis', expectedDataGb: 1, regions: ['local'], environment: 'prod' },
          })
        ).status,
      ).toBe(202);
      const cluster = await eventually(
        async () => {
          const c = await app.ctx.repos.clusters.find(name);
          return c?.status === 'ACTIVE' ? c : undefined;
        },
        120_000,
        250,
      );
      const password = await app.ctx.repos.clusters.password(cluster.id);
      const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
      const old = nodes.find((n) => n.role === 'primary')!;
      const writer = new Redis({ host: old.host!, port: old.port!, password });
      await writer.set('balance', '100');
      writer.disconnect();

      const { id } = await withTransaction(app.ctx.pool, (db) =>
        app.services.operations.record(db, {
          clusterId: cluster.id,
          type: 'replace_node',
          requestedBy: 'test',
          reason: 'crash test',
          params: { node: old.name },
        }),
      );
      await expect(runToEnd(new OperationRunner(app.services.workflowDeps, dyingAt(point)), id)).rejects.toThrow(LeaseLostError);
      expect((await app.ctx.repos.operations.get(id))!.steps.find((s) => s.name === 'switch-over')!.status).toBe('running');

      await runToEnd(new OperationRunner(app.services.workflowDeps, workflows), id);
      const op = (await app.ctx.repos.operations.get(id))!;
      expect(op.error).toBeNull();
      expect(op.status).toBe('succeeded');
      const live = await app.ctx.repos.nodes.forCluster(cluster.id);
      expect(live.map((n) => n.name)).not.toContain(old.name);
      const primaries = live.filter((n) => n.role === 'primary');
      expect(primaries).toHaveLength(1);
      const primary = new Redis({ host: primaries[0]!.host!, port: primaries[0]!.port!, password });
      expect(await primary.info('replication')).toMatch(/role:master/);
      expect(await primary.get('balance')).toBe('100');
      await primary.set('balance', '90');
      primary.disconnect();
      for (const replica of live.filter((n) => n.role === 'replica')) {
        const reader = new Redis({ host: replica.host!, port: replica.port!, password });
        await eventually(async () => (await reader.get('balance')) === '90', 15_000);
        expect(await reader.info('replication')).toContain(`master_port:${primaries[0]!.port}`);
        reader.disconnect();
      }
    },
  );
});
