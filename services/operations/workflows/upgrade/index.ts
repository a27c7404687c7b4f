import type { StepRun, Workflow } from '../../workflow';
import { done, FinalStepError, waitFor } from '../../workflow';
import { nextWindow } from '../../../fleet/maintenance-window';
import { runWorkloadPhase } from '../benchmark/run-phase';
import { readsFromOneNode } from '../benchmark/target';
import { changeOf, DEFAULT_BENCHMARK_SECONDS, workloadsOf, type NodeBefore } from './params';
import { rollingOrder, rollNodes } from './rolling-change';
import { beforeAfterWorkloads, canaryPairOf, readCarrying } from './canary-pair';
import { calibrationAttempts, runPairedRound, type PairedRound } from './paired-reads';
import { canaryEvidence, gateEvidence } from './evidence-text';
import { canaryStep } from './canary-step';
import { compareStep } from './compare-step';
import { gateRegressed, rollbackStep } from './rollback-step';
import { upgradeCheckpoints as checkpoints } from './checkpoints';

async function benchmark(run: StepRun<'upgrade'>, phase: 'before' | 'after') {
  const p = run.op.params;
  const seconds = p.benchmarkSeconds ?? DEFAULT_BENCHMARK_SECONDS;
  const { canary: pair } = await checkpoints.of(run, 'preflight');
  const { runs, failed } = await runWorkloadPhase(run, phase, beforeAfterWorkloads(workloadsOf(p), pair), seconds);
  await checkpoints.save(run, `${phase}-benchmark`, { runs });
  if (failed.length > 0) throw new Error(`${phase}-benchmark: no operation succeeded in ${failed.join('; ')}`);
  const reads = readCarrying(workloadsOf(p));
  if (phase === 'before' && pair && reads.length > 0) {
    // The canary pair measured together before anything changes, round by round: how the two nodes differ on their own.
    const rounds: PairedRound[] = [];
    for (const attempt of calibrationAttempts()) {
      const { round, failed: unread } = await runPairedRound(run, pair, reads, seconds, attempt);
      if (unread.length > 0) throw new Error(`canary pair before the change: no read succeeded in ${unread.join('; ')}`);
      rounds.push(round);
    }
    await checkpoints.save(run, 'before-benchmark', { calibration: rounds });
  }
  return done;
}

const stoppedAtCanary = async (run: StepRun<'upgrade'>) => (await checkpoints.of(run, 'canary')).verdict === 'regression';

/**
 * An upgrade that never surprises the owning team: pre-flight (healthy, inside the maintenance
 * window unless forced), the standard workloads before (and the canary pair's reads, both nodes
 * still on the old version), the first replica changed and its reads measured beside a replica
 * still on the old version (the canary step: canary-step.ts), the other
 * nodes changed node by node only when the canary passes, the workloads that write measured after,
 * and one judgement of everything measured (compare-step.ts). A regression at the canary rolls back
 * the canary alone; one found after the whole change (or an SLA breach) rolls back every node; both
 * end the operation `rolled_back` with the gate's evidence as its reason (a rollback that itself
 * fails leaves it `failed`). Evidence too noisy to judge is measured again and, if still
 * inconclusive, held for a person (`failed`, nodes kept), never rolled back. A cluster without a
 * canary pair (one node, one replica, or a driver that cannot read from one node) is measured
 * before and after the whole change, every workload. The cluster keeps serving throughout.
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
      const { pair, why } = canaryPairOf(rollingOrder(nodes), readsFromOneNode(ctx, cluster));
      await checkpoints.save(run, 'preflight', {
        nodes: nodes.map((n): NodeBefore => ({
          name: n.name,
          version: n.softwareVersion,
          instanceType: n.instanceType,
          kernelVersion: n.kernelVersion,
        })),
        canary: pair,
        sequentialBecause: why,
      });
      await ctx.repos.clusters.setStatus(cluster.id, 'UPDATING', `upgrading: ${JSON.stringify(changeOf(p))}`);
      return done;
    },
    'before-benchmark': (run) => benchmark(run, 'before'),
    'roll-canary': async (run) => {
      const { canary: pair } = await checkpoints.of(run, 'preflight');
      if (!pair) return done;
      const change = changeOf(run.op.params);
      return rollNodes(run, (node) => (node.name === pair.canary ? change : null), rollingOrder);
    },
    canary: canaryStep,
    'roll-nodes': async (run) => {
      if (await stoppedAtCanary(run)) return done;
      const { canary: pair } = await checkpoints.of(run, 'preflight');
      const change = changeOf(run.op.params);
      return rollNodes(run, (node) => (node.name === pair?.canary ? null : change), rollingOrder);
    },
    'after-benchmark': async (run) => ((await stoppedAtCanary(run)) ? done : benchmark(run, 'after')),
    compare: compareStep,
    rollback: rollbackStep,
  },
  async rolledBack(run) {
    const regressed = await gateRegressed(run);
    if (regressed === null) return null;
    const change = changeOf(run.op.params);
    const { comparisons = [] } = await checkpoints.of(run, regressed);
    const { canary: pair } = await checkpoints.of(run, 'preflight');
    return { reason: regressed === 'canary' && pair ? canaryEvidence(comparisons, change, pair) : gateEvidence(comparisons, change) };
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
    const held = `last upgrade ${error.slice(Math.max(0, error.indexOf('held: ')))}`;
    // Held on inconclusive evidence once every node was changed: the nodes run the new version, so the cluster says so.
    if ((await checkpoints.of(run, 'compare')).verdict === 'inconclusive') {
      await ctx.repos.clusters.recordChange(cluster.id, { version: op.params.toVersion, instanceType: op.params.instanceType });
      await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', held);
      return;
    }
    // Held at the canary: one node runs the new version, the others the old, as the cluster's record keeps.
    if ((await checkpoints.of(run, 'canary')).verdict === 'inconclusive') {
      await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', held);
      return;
    }
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last upgrade failed: ${error}`);
  },
};
