import type { StepRun, StepResult } from '../../workflow';
import { done, FinalStepError } from '../../workflow';
import { runWorkloadPhase } from '../benchmark/run-phase';
import { changeOf, DEFAULT_BENCHMARK_SECONDS, workloadsOf } from './params';
import { compareWorkloads, heldEvidence } from './gate';
import { upgradeCheckpoints as checkpoints } from './checkpoints';

/**
 * How often the after-benchmark is run again when the gate finds the evidence too noisy. Each rerun
 * adds its slices to the after side, narrowing the interval; past this the upgrade is held for a
 * person rather than rolled back on noise.
 */
export const MAX_GATE_RERUNS = 2;

/**
 * The gate's step: judge every workload at once; a regression goes on to the rollback step, a pass
 * ends the upgrade; an inconclusive judgement reruns the after-benchmark of the inconclusive
 * workloads (attempt 1, 2, …; stored, so a resumed step reuses them) and judges again, and after
 * MAX_GATE_RERUNS ends the operation `failed` with the nodes kept on the new version and the
 * evidence as the reason: a person decides. Each judgement is checkpointed before the next rerun.
 */
export async function compareStep(run: StepRun<'upgrade'>): Promise<StepResult> {
  const p = run.op.params;
  const saved = checkpoints.own(run, 'compare');
  if (saved.verdict === 'pass' || saved.verdict === 'regression') return done;
  const workloads = workloadsOf(p);
  const before = (await checkpoints.of(run, 'before-benchmark')).runs ?? {};
  const after = (await checkpoints.of(run, 'after-benchmark')).runs ?? {};
  const reruns = [...(saved.reruns ?? [])];
  for (;;) {
    const { judgement, comparisons } = await compareWorkloads(run, workloads, before, [after, ...reruns], p.thresholdPercent);
    await checkpoints.save(run, 'compare', {
      verdict: judgement.verdict,
      reasons: judgement.reasons,
      thresholdPercent: judgement.thresholdPercent,
      alpha: judgement.alpha,
      comparisons,
      reruns,
    });
    if (judgement.verdict !== 'inconclusive') return done;
    if (reruns.length >= MAX_GATE_RERUNS) throw new FinalStepError(heldEvidence(comparisons, changeOf(p), reruns.length));
    const noisy = comparisons.filter((c) => c.verdict.verdict === 'inconclusive').map((c) => c.workload);
    run.log.info({ workloads: noisy, rerun: reruns.length + 1 }, 'gate inconclusive: running the after-benchmark again');
    const { runs, failed } = await runWorkloadPhase(
      run,
      'after',
      noisy,
      p.benchmarkSeconds ?? DEFAULT_BENCHMARK_SECONDS,
      reruns.length + 1,
    );
    if (failed.length > 0) throw new Error(`after-benchmark rerun: no operation succeeded in ${failed.join('; ')}`);
    reruns.push(runs);
    await checkpoints.save(run, 'compare', { reruns });
  }
}
