import type { StepRun, StepResult } from '../../workflow';
import { done, FinalStepError } from '../../workflow';
import { changeOf, DEFAULT_BENCHMARK_SECONDS, workloadsOf } from './params';
import { readCarrying } from './canary-pair';
import { FIRST_CANARY_ATTEMPT, runPairedRound } from './paired-reads';
import { pairedSides } from './paired-evidence';
import { judgeSides } from './gate';
import { canaryHeldEvidence } from './evidence-text';
import { MAX_GATE_RERUNS } from './compare-step';
import { upgradeCheckpoints as checkpoints } from './checkpoints';
import type { UpgradeJudgement } from '../../../upgrades/upgrade-gate';

/**
 * What the canary step does after a judgement on `rounds` rounds of the pair: stop on a pass or a
 * regression; on an inconclusive one, measure the inconclusive workloads again, or hold the upgrade
 * once MAX_GATE_RERUNS reruns have been measured.
 */
export function canaryNextLook(
  judgement: Pick<UpgradeJudgement, 'verdict' | 'workloads'>,
  rounds: number,
): { next: 'decided' } | { next: 'held'; reruns: number } | { next: 'rerun'; workloads: string[]; rerun: number } {
  if (judgement.verdict !== 'inconclusive') return { next: 'decided' };
  const reruns = rounds - 1;
  if (reruns >= MAX_GATE_RERUNS) return { next: 'held', reruns };
  const workloads = judgement.workloads.filter((w) => w.verdict.verdict === 'inconclusive').map((w) => w.workload);
  return { next: 'rerun', workloads, rerun: reruns + 1 };
}

/**
 * The canary step, between the first changed replica and the rest: each read-carrying workload's
 * reads run at the same time against the canary and against the baseline (paired-reads.ts), and
 * the gate judges them in its paired mode, with the pair's own difference measured before the
 * change (the before-benchmark step's calibration rounds) taken out. A pass lets the rolling change go on; a regression stops
 * it (the rollback step then undoes the canary alone); an inconclusive judgement runs the pair of
 * the inconclusive workloads again (rounds 2, 3, … stored as those attempts of the `canary` and
 * `baseline` phases, their slices lined up round after round) up to MAX_GATE_RERUNS times, and
 * then holds the upgrade for a person (`failed`; the canary keeps the change, the other nodes were
 * never changed). Each round's run ids and each judgement are checkpointed, so a resumed step
 * neither measures a stored round again nor judges on fewer rounds than it had.
 */
export async function canaryStep(run: StepRun<'upgrade'>): Promise<StepResult> {
  const p = run.op.params;
  const { canary: pair } = await checkpoints.of(run, 'preflight');
  const workloads = readCarrying(workloadsOf(p));
  if (!pair || workloads.length === 0) return done;
  const saved = checkpoints.own(run, 'canary');
  if (saved.verdict === 'pass' || saved.verdict === 'regression') return done;
  const seconds = p.benchmarkSeconds ?? DEFAULT_BENCHMARK_SECONDS;
  const { calibration } = await checkpoints.of(run, 'before-benchmark');
  const rounds = [...(saved.rounds ?? [])];
  const measure = async (measured: readonly string[]) => {
    const { round, failed } = await runPairedRound(run, pair, measured, seconds, FIRST_CANARY_ATTEMPT + rounds.length);
    if (failed.length > 0) throw new Error(`canary pair: no read succeeded in ${failed.join('; ')}`);
    rounds.push(round);
    await checkpoints.save(run, 'canary', { rounds });
  };
  if (rounds.length === 0) await measure(workloads);
  for (;;) {
    const sides = await pairedSides(run, pair, workloads, calibration, rounds);
    const { judgement, comparisons } = judgeSides(run, sides, p.thresholdPercent);
    await checkpoints.save(run, 'canary', {
      verdict: judgement.verdict,
      reasons: judgement.reasons,
      thresholdPercent: judgement.thresholdPercent,
      alpha: judgement.alpha,
      comparisons,
      rounds,
    });
    const look = canaryNextLook(judgement, rounds.length);
    if (look.next === 'decided') return done;
    if (look.next === 'held') throw new FinalStepError(canaryHeldEvidence(comparisons, changeOf(p), look.reruns, pair));
    run.log.info({ workloads: look.workloads, rerun: look.rerun }, 'canary inconclusive: measuring the pair again');
    await measure(look.workloads);
  }
}
