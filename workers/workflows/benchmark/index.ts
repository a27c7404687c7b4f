import type { StepRun, Workflow } from '../../operations/workflow';
import { done } from '../../operations/workflow';
import { runWorkload } from '../../../benchmarks/workload/runner';
import { seedFrom } from '../../../benchmarks/workload/random';
import { standardWorkload, withDuration } from '../../../benchmarks/workload/standard';
import type { WorkloadDefinition } from '../../../benchmarks/workload/definition';
import { workloadTargetFor } from './target';

export interface BenchmarkParams {
  workloads: string[];
  durationSeconds?: number;
}

function definitionOf(name: string, durationSeconds: number | undefined): WorkloadDefinition {
  const standard = standardWorkload(name);
  if (!standard) throw new Error(`unknown workload ${name}`);
  return durationSeconds === undefined ? standard : withDuration(standard, durationSeconds);
}

/**
 * Runs each chosen workload in turn and stores its result. A run already stored for this operation
 * (the step was resumed after a crash) is not run again. Fails when no operation of a workload
 * succeeded, after storing the run, whose error messages say why.
 */
async function runWorkloads(run: StepRun) {
  const { ctx, op, cluster } = run;
  const params = op.params as unknown as BenchmarkParams;
  const stored: Record<string, string> = { ...((run.checkpoint.runs as Record<string, string> | undefined) ?? {}) };
  const failed: string[] = [];
  for (const name of params.workloads) {
    const existing = await ctx.repos.benchmarkRuns.forOperation(op.id, name, 'on-demand');
    if (existing) {
      if (existing.operations === 0) failed.push(`${name}: ${existing.errorMessages[0] ?? 'no operation succeeded'}`);
      continue;
    }
    const target = await workloadTargetFor(ctx, cluster);
    run.log.info({ workload: name, simulated: target.kind === 'simulated' }, 'running workload');
    const result = await runWorkload(target, definitionOf(name, params.durationSeconds), { seed: seedFrom(`${ctx.config.simulatorSeed}:${name}`) });
    stored[name] = await ctx.repos.benchmarkRuns.insert({ clusterId: cluster.id, operationId: op.id, clusterVersion: cluster.spec.version, phase: 'on-demand', result });
    await run.save({ runs: stored });
    if (result.operations === 0) failed.push(`${name}: ${result.errorMessages[0] ?? 'no operation succeeded'}`);
  }
  if (failed.length > 0) throw new Error(`no operation succeeded in ${failed.join('; ')}`);
  return done;
}

/** An on-demand benchmark: the standard workloads (or some of them) against the cluster's nodes. */
export const benchmarkWorkflow: Workflow<'benchmark'> = {
  type: 'benchmark',
  steps: { 'run-workloads': runWorkloads },
};
