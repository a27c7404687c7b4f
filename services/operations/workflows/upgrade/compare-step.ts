import type { StepRun, StepResult } from '../../workflow';
import { done, FinalStepError } from '../../workflow';
import { runWorkloadPhase } from '../benchmark/run-phase';
import { changeOf, DEFAULT_BENCHMARK_SECONDS, workloadsOf } from './params';
import { beforeAfterSides, judgeSides } from './gate';
import { heldEvidence } from './evidence-text';
import { beforeAfterWorkloads, readCarrying } from './canary-pair';
import { pairedSides } from './paired-evidence';
import { upgradeCheckpoints as checkpoints } from './checkpoints';

/**
 * How often the after-benchmark (or the canary pair) is run again when the gate finds the evidence
 * too noisy. Each rerun adds its slices to the after side (or its lined-up pairs), narrowing the
 * interval; past this the upgrade is held for a person rather than rolled back on noise.
 */
export const MAX_GATE_RERUNS = 2;

/**
 * The gate's last step, once every node is changed: judge every before/after workload together with
 * the reads paired at the canary (all their tests corrected together); a regression goes on to the
 * rollback step, a pass ends the upgrade; an inconclusive judgement reruns the after-benchmark of
 * the inconclusive before/after workloads (attempt 1, 2, …; stored, so a resumed step reuses them)
 * and judges again, and after MAX_GATE_RERUNS (or at once when only paired reads are inconclusive:
 * their nodes have all changed since) ends the operation `failed` with the nodes kept on the new
 * version and the evidence as the reason: a person decides. Each judgement is checkpointed before
 * the next rerun. Nothing to do when the canary already stopped the upgrade.
 */
export async function compareStep(run: StepRun<'upgrade'>): Promise<StepResult> {
  const p = run.op.params;
  const saved = checkpoints.own(run, 'compare');
  if (saved.verdict === 'pass' || saved.verdict === 'regression') return done;
  const canary = await checkpoints.of(run, 'canary');
  if (canary.verdict === 'regression') return done;
  const { canary: pair } = await checkpoints.of(run, 'preflight');
  const workloads = beforeAfterWorkloads(workloadsOf(p), pair);
  const { runs: before = {}, calibration } = await checkpoints.of(run, 'before-benchmark');
  const paired =
    pair && canary.rounds?.length ? await pairedSides(run, pair, readCarrying(workloadsOf(p)), calibration, canary.rounds) : [];
  const after = (await checkpoints.of(run, 'after-benchmark')).runs ?? {};
  const reruns = [...(saved.reruns ?? [])];
  for (;;) {
    const sides = [...(await beforeAfterSides(run, workloads, before, [after, ...reruns])), ...paired];
    const { judgement, comparisons } = judgeSides(run, sides, p.thresholdPercent);
    await checkpoints.save(run, 'compare', {
      verdict: judgement.verdict,
      reasons: judgement.reasons,
      thresholdPercent: judgement.thresholdPercent,
      alpha: judgement.alpha,
      comparisons,
      reruns,
    });
    if (judgement.verdict !== 'inconclusive') return done;
    const noisy = comparisons.filter((c) => c.verdict.verdict === 'inconclusive' && !c.paired).map((c) => c.workload);
    if (reruns.length >= MAX_GATE_RERUNS || noisy.length === 0)
      throw new FinalStepError(heldEvidence(comparisons, changeOf(p), reruns.length));
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
