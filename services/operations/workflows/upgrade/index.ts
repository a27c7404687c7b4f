import type { StepRun, Workflow } from '../../workflow';
import { done, FinalStepError, waitFor } from '../../workflow';
import { nextWindow } from '../../../fleet/maintenance-window';
import { runWorkloadPhase } from '../benchmark/run-phase';
import { changeOf, DEFAULT_BENCHMARK_SECONDS, undoOf, workloadsOf, type NodeBefore } from './params';
import { rollingOrder, rollNodes, undoOrder } from './rolling-change';
import { gateEvidence } from './gate';
import { compareStep } from './compare-step';
import { upgradeCheckpoints as checkpoints } from './checkpoints';

async function benchmark(run: StepRun<'upgrade'>, phase: 'before' | 'after') {
  const p = run.op.params;
  const { runs, failed } = await runWorkloadPhase(run, phase, workloadsOf(p), p.benchmarkSeconds ?? DEFAULT_BENCHMARK_SECONDS);
  await checkpoints.save(run, `${phase}-benchmark`, { runs });
  if (failed.length > 0) throw new Error(`${phase}-benchmark: no operation succeeded in ${failed.join('; ')}`);
  return done;
}

async function nodesBefore(run: StepRun<'upgrade'>): Promise<NodeBefore[]> {
  return (await checkpoints.of(run, 'preflight')).nodes ?? [];
}

/**
 * An upgrade that never surprises the owning team: pre-flight (healthy, inside the maintenance
 * window unless forced), the standard workloads before, a rolling node-by-node change, the same
 * workloads after, and a statistical comparison of their slices. A regression (or an SLA breach)
 * rolls every node back and ends the operation `rolled_back` with the gate's evidence as its reason
 * (a rollback that itself fails leaves it `failed`); evidence too noisy to judge is measured again
 * and, if still inconclusive, held for a person (`failed`, nodes kept: compare-step.ts), never
 * rolled back; the cluster keeps serving throughout.
 */
export const upgradeWorkflow: Workflow<'upgrade'> = {
  type: 'upgrade',
  steps: {
    preflight: async (run) => {
      const { ctx, cluster } = run;
      const p = run.op.params;
      const health = (await ctx.repos.health.forCluster(cluster.id)).find((h) => h.targetType === 'cluster');
      if (health?.state === 'unhealthy')
        throw new FinalStepError(`cluster ${cluster.name} is unhealthy (${health.causes.join('; ')}): not upgrading it`);
      if (!p.force && cluster.maintenanceWindow) {
        const window = nextWindow(cluster.maintenanceWindow, ctx.clock.now());
        if (!window.openNow)
          return waitFor(window.opens.getTime() - Date.now(), `waiting for the maintenance window at ${window.opens.toISOString()}`);
      }
      const nodes = await ctx.repos.nodes.forCluster(cluster.id);
      await checkpoints.save(run, 'preflight', {
        nodes: nodes.map((n): NodeBefore => ({
          name: n.name,
          version: n.softwareVersion,
          instanceType: n.instanceType,
          kernelVersion: n.kernelVersion,
        })),
      });
      await ctx.repos.clusters.setStatus(cluster.id, 'UPDATING', `upgrading: ${JSON.stringify(changeOf(p))}`);
      return done;
    },
    'before-benchmark': (run) => benchmark(run, 'before'),
    'roll-nodes': async (run) => rollNodes(run, () => changeOf(run.op.params), rollingOrder),
    'after-benchmark': (run) => benchmark(run, 'after'),
    compare: compareStep,
    rollback: async (run) => {
      const comparisons = (await checkpoints.of(run, 'compare')).comparisons ?? [];
      const regressed = comparisons.filter((c) => c.verdict.verdict === 'regression');
      if (regressed.length === 0) return done;
      const p = run.op.params;
      const before = await nodesBefore(run);
      const rolled = await rollNodes(
        run,
        (node) => {
          const was = before.find((b) => b.name === node.name);
          return was ? undoOf(was, p) : null;
        },
        undoOrder,
      );
      return rolled;
    },
  },
  async rolledBack(run) {
    const { comparisons = [] } = await checkpoints.of(run, 'compare');
    const regressed = comparisons.filter((c) => c.verdict.verdict === 'regression');
    return regressed.length === 0 ? null : { reason: gateEvidence(comparisons, changeOf(run.op.params)) };
  },
  async onRolledBack({ ctx, cluster }, reason) {
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last upgrade rolled back: ${reason}`);
  },
  async onSuccess({ ctx, cluster, op }) {
    const p = op.params;
    await ctx.repos.clusters.recordChange(cluster.id, { version: p.toVersion, instanceType: p.instanceType });
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', null);
  },
  async onFailure(run, error) {
    const { ctx, cluster, op } = run;
    // Held on inconclusive evidence: the nodes run the new version, so the cluster says so.
    if ((await checkpoints.of(run, 'compare')).verdict === 'inconclusive') {
      await ctx.repos.clusters.recordChange(cluster.id, { version: op.params.toVersion, instanceType: op.params.instanceType });
      await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last upgrade ${error.slice(Math.max(0, error.indexOf('held: ')))}`);
      return;
    }
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last upgrade failed: ${error}`);
  },
};
