import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { withTransaction } from '../../services/infra/db/pool';
import { OperationService } from '../../services/operations/operation-service';
import { WorkflowSteps } from '../../services/operations/workflow-steps';
import { InputError } from '../../services/core/errors';
import { newId } from '../../services/core/ids';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: { reconcileIntervalMs: 3_600_000 } });
});
afterAll(async () => {
  await app?.stop();
});

const activeCluster = async (name: string) => {
  expect(
    (
      await app.api('/api/clusters', {
        method: 'POST',
        json: { name, engine: 'elasticsearch', owner: 'platform', expectedDataGb: 20, regions: ['us-east-1'] },
      })
    ).status,
  ).toBe(202);
  return eventually(
    async () => {
      const c = await app.ctx.repos.clusters.find(name);
      return c?.status === 'ACTIVE' ? c : undefined;
    },
    120_000,
    250,
  );
};

describe('typed operation params', () => {
  it('are refused before the row is written when they do not fit the type', async () => {
    const cluster = await activeCluster('params-producer');
    const before = await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 });
    const recording = withTransaction(app.ctx.pool, (db) =>
      new OperationService(app.ctx).record(db, {
        clusterId: cluster.id,
        type: 'scale',
        requestedBy: 'test',
        reason: 'too many',
        params: { addNodesPerRegion: 40 },
      }),
    );
    await expect(recording).rejects.toThrow(InputError);
    await expect(recording).rejects.toThrow(/invalid scale params: params\/addNodesPerRegion/);
    expect(await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).toHaveLength(before.length);
  });

  it('fail a stored operation whose params do not fit, with the reason, before any step runs; the cluster stays usable', async () => {
    const cluster = await activeCluster('params-runner');
    const id = newId();
    // A row written by something that bypassed the producer (an older version, a hand edit).
    await app.ctx.repos.operations.insert(
      {
        id,
        clusterId: cluster.id,
        type: 'restart_node',
        requestedBy: 'test',
        reason: 'bad row',
        priority: 1,
        params: { node: 42, colour: 'red' },
        steps: [...WorkflowSteps.restart_node],
      },
      app.ctx.pool,
    );
    await app.ctx.queue.enqueue(id, 1, 0);
    const failed = await eventually(async () => {
      const op = await app.ctx.repos.operations.get(id);
      return op?.status === 'failed' ? op : undefined;
    }, 30_000);
    expect(failed.error).toMatch(/^the params of this restart_node operation do not fit its type: /);
    expect(failed.error).toContain('params/node');
    expect(failed.error).toContain('params/colour');
    expect(failed.steps.every((s) => s.status === 'pending')).toBe(true);

    // The lease was not left behind: the next operation of the cluster runs.
    const next = await withTransaction(app.ctx.pool, (db) =>
      new OperationService(app.ctx).record(db, {
        clusterId: cluster.id,
        type: 'noop',
        requestedBy: 'test',
        reason: 'after the bad row',
      }),
    );
    await app.ctx.queue.enqueue(next.id, next.priority, 0);
    await eventually(async () => (await app.ctx.repos.operations.get(next.id))?.status === 'succeeded', 30_000);
  });
});
