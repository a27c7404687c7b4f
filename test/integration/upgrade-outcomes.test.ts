import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { withTransaction } from '../../services/infra/db/pool';
import { OperationRunner } from '../../services/operations/runner';
import { FinalStepError, type StepFn } from '../../services/operations/workflow';
import { workflows } from '../../services/operations/workflows/index';
import { upgradeWorkflow } from '../../services/operations/workflows/upgrade/index';

let app: TestApp;
beforeAll(async () => {
  // The upgrades are driven by this test's own runner: they are recorded, never queued, and the
  // reconciler that would queue them does not come round during the test.
  app = await startTestApp({ config: { simulatorTimeScale: 2000, reconcileIntervalMs: 3_600_000 } });
});
afterAll(async () => {
  await app?.stop();
});

/** An upgrade workflow whose rollback cannot put the nodes back. */
function rollbackBreaks(): typeof workflows {
  const broken: StepFn = async () => {
    throw new FinalStepError('ring-1 did not serve again after its change: simulated node is failed');
  };
  return { ...workflows, upgrade: { ...upgradeWorkflow, steps: { ...upgradeWorkflow.steps, rollback: broken } } };
}

async function runToEnd(runner: OperationRunner, id: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if ((await runner.run(id)).kind === 'finished') return;
    await new Promise((r) => setTimeout(r, 100)); // the runner's own delays are simulated waits here; the loop is bounded by the deadline
  }
  throw new Error('the upgrade did not finish within 180 s');
}

async function upgradeTo(name: string, toVersion: string, runner: OperationRunner) {
  expect(
    (
      await app.api('/api/clusters', {
        method: 'POST',
        json: { name, engine: 'cassandra', owner: 'platform', environment: 'test', expectedDataGb: 30, regions: ['us-east-1'] },
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
  const { id } = await withTransaction(app.ctx.pool, (db) =>
    app.services.operations.record(db, {
      clusterId: cluster.id,
      type: 'upgrade',
      requestedBy: 'test',
      reason: `upgrade to ${toVersion}`,
      params: { toVersion, force: true, benchmarkSeconds: 5, workloads: ['read-heavy-80-20'] },
    }),
  );
  await runToEnd(runner, id);
  return { cluster, op: (await app.ctx.repos.operations.get(id))! };
}

describe('how an upgrade ends', () => {
  it('is rolled_back when the gate says no and the nodes go back; failed when putting them back fails', async () => {
    const good = await upgradeTo('outcome-rolled', '4.1.7', new OperationRunner(app.services.workflowDeps, workflows));
    expect(good.op.status).toBe('rolled_back');
    // Caught at the canary (a Cassandra ring has a replica pair): the canary alone is rolled back.
    expect(good.op.error).toMatch(/^regression: read-heavy-80-20 reads at the canary: /);

    const bad = await upgradeTo('outcome-broken', '4.1.7', new OperationRunner(app.services.workflowDeps, rollbackBreaks()));
    expect(bad.op.status).toBe('failed');
    expect(bad.op.error).toBe(
      'step rollback failed after 1 attempts: ring-1 did not serve again after its change: simulated node is failed',
    );
    expect(bad.op.steps.find((s) => s.name === 'rollback')?.status).toBe('failed');
    expect((await app.ctx.repos.clusters.find('outcome-broken'))?.statusReason).toMatch(/^last upgrade failed: step rollback failed/);
    const audit = JSON.stringify(await app.ctx.repos.audit.forTarget('cluster', bad.cluster.id));
    expect(audit).toContain('operation.upgrade.failed');
    expect(audit).not.toContain('operation.upgrade.rolled_back');
  }, 300_000);
});
