import type { StepRun } from '../../workflow';
import { runWorkload } from '../../../workload/runner';
import { seedFrom } from '../../../core/random';
import { standardWorkload, withDuration } from '../../../workload/standard';
import type { WorkloadDefinition } from '../../../workload/definition';
import type { BenchmarkPhase } from '../../../workload/benchmark-run';
import { workloadTargetFor } from './target';

/** A standard workload by name, run for `durationSeconds` when given. */
export function definitionOf(name: string, durationSeconds?: number): WorkloadDefinition {
  const standard = standardWorkload(name);
  if (!standard) throw new Error(`unknown workload ${name}`);
  return durationSeconds === undefined ? standard : withDuration(standard, durationSeconds);
}

/**
 * Runs each workload in turn against the cluster and stores its result under the operation, phase
 * and attempt (0, or the upgrade gate's rerun). A run already stored (the step resumed after a
 * crash) is not run again. Returns the stored run ids by workload and the workloads in which no
 * operation succeeded, with why.
 */
export async function runWorkloadPhase(
  run: StepRun,
  phase: BenchmarkPhase,
  workloads: readonly string[],
  durationSeconds: number | undefined,
  attempt = 0,
): Promise<{ runs: Record<string, string>; failed: string[] }> {
  const { ctx, op, cluster } = run;
  const runs: Record<string, string> = {};
  const failed: string[] = [];
  const stored = await ctx.repos.benchmarkRuns.forOperationPhase(op.id, phase, attempt);
  for (const name of workloads) {
    const existing = stored.get(name);
    if (existing) {
      runs[name] = existing.id;
      if (existing.operations === 0) failed.push(`${name}: ${existing.errorMessages[0] ?? 'no operation succeeded'}`);
      continue;
    }
    const target = await workloadTargetFor(ctx, cluster);
    run.log.info({ workload: name, phase, attempt, simulated: target.kind === 'simulated' }, 'running workload');
    const result = await runWorkload(target, definitionOf(name, durationSeconds), {
      // Each operation's runs draw their own simulated drift, as two real benchmarks would meet different moments.
      seed: seedFrom(`${ctx.config.simulatorSeed}:${op.id}:${name}:${phase}:${attempt}`),
      engines: ctx.engines,
      simulatedDrift: ctx.config.simulatorBenchmarkDrift,
    });
    const clusterVersion = result.nodes[0]?.version ?? cluster.spec.version;
    runs[name] = await ctx.repos.benchmarkRuns.insert({
      clusterId: cluster.id,
      operationId: op.id,
      clusterVersion,
      phase,
      attempt,
      result,
    });
    if (result.operations === 0) failed.push(`${name}: ${result.errorMessages[0] ?? 'no operation succeeded'}`);
  }
  return { runs, failed };
}
