import type { StepRun, Workflow } from '../../workflow';
import { done } from '../../workflow';
import { runWorkloadPhase } from './run-phase';

/**
 * Runs each chosen workload in turn and stores its result (a resumed step does not run a stored
 * workload again). Fails when no operation of a workload succeeded, after storing the run, whose
 * error messages say why.
 */
async function runWorkloads(run: StepRun<'benchmark'>) {
  const params = run.op.params;
  const { runs, failed } = await runWorkloadPhase(run, 'on-demand', params.workloads, params.durationSeconds);
  await run.save({ runs });
  if (failed.length > 0) throw new Error(`no operation succeeded in ${failed.join('; ')}`);
  return done;
}

/** An on-demand benchmark: the standard workloads (or some of them) against the cluster's nodes. */
export const benchmarkWorkflow: Workflow<'benchmark'> = {
  type: 'benchmark',
  leavesClusterUnchanged: true,
  steps: { 'run-workloads': runWorkloads },
};
