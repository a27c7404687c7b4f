import type { StepRun } from '../../workflow';
import type { BenchmarkRun } from '../../../workload/benchmark-run';
import type { WorkloadEvidence, WorkloadRun } from '../../../upgrades/upgrade-gate';
import { linePairedRounds } from '../../../upgrades/paired-slices';
import type { CanaryPair } from './canary-pair';
import { brief, sideOf, type WorkloadSides } from './gate';
import { calibrationRounds, type PairedRound } from './paired-reads';

/** One round of a workload's reads at the pair: the canary's run and the baseline's, over the same window. */
export interface PairedRuns<Run = WorkloadRun> {
  canary: Run;
  baseline: Run;
}

/**
 * A workload's reads at the canary beside the baseline, as the gate's paired evidence: the slices
 * of every round lined up by their place in the window, each with its round (`linePairedRounds`),
 * the baseline as the side before the change and the canary as the side after it, and the rounds measured before the
 * change (both nodes on the old version), lined up the same way, as the calibration: how the two
 * nodes differ on their own. The whole-run figures are the latest round's.
 */
export function pairedEvidenceOf(workload: string, calibration: readonly PairedRuns[], rounds: readonly PairedRuns[]): WorkloadEvidence {
  const latest = rounds.at(-1);
  if (!latest) throw new Error(`the canary and baseline runs of ${workload} are missing`);
  const lined = linePairedRounds(rounds.map((r) => ({ baseline: r.baseline.slices, changed: r.canary.slices })));
  return {
    workload,
    before: { ...latest.baseline, slices: lined.before },
    after: { ...latest.canary, slices: lined.after },
    paired: true,
    rounds: lined.rounds,
    ...(calibration.length > 0
      ? { calibration: linePairedRounds(calibration.map((r) => ({ baseline: r.baseline.slices, changed: r.canary.slices }))) }
      : {}),
  };
}

/**
 * The stored runs of each round of the pair (and of the calibration rounds, as the `before-benchmark`
 * checkpoint holds them: `calibrationRounds`), as the gate's paired evidence with the figures shown.
 */
export async function pairedSides(
  run: StepRun,
  pair: CanaryPair,
  workloads: readonly string[],
  stored: Parameters<typeof calibrationRounds>[0],
  rounds: readonly PairedRound[],
): Promise<WorkloadSides[]> {
  const calibration = calibrationRounds(stored);
  const ids = [...calibration, ...rounds]
    .flatMap((r) => workloads.flatMap((w) => [r.canary[w], r.baseline[w]]))
    .filter((id): id is string => id !== undefined);
  const runs = await run.ctx.repos.benchmarkRuns.getMany(ids);
  const runsOf = (round: PairedRound, workload: string): PairedRuns<BenchmarkRun> | undefined => {
    const [canary, baseline] = [runs.get(round.canary[workload] ?? ''), runs.get(round.baseline[workload] ?? '')];
    return canary && baseline ? { canary, baseline } : undefined;
  };
  const asSides = (r: PairedRuns<BenchmarkRun>): PairedRuns => ({ canary: sideOf(r.canary), baseline: sideOf(r.baseline) });
  return workloads.map((workload) => {
    const measured = rounds.map((r) => runsOf(r, workload)).filter((r) => r !== undefined);
    const calibrated = calibration.map((r) => runsOf(r, workload)).filter((r) => r !== undefined);
    const before = calibrated.at(-1);
    const latest = measured.at(-1);
    return {
      evidence: pairedEvidenceOf(workload, calibrated.map(asSides), measured.map(asSides)),
      comparison: {
        workload,
        // The figures a person compares: the canary node just before its change (the last calibration
        // round) and after it. The gate's own evidence is the slices: the baseline beside the canary,
        // less their difference before the change.
        before: brief(before?.canary ?? latest!.baseline),
        after: brief(latest!.canary),
        ...(before ? { baseline: { before: brief(before.baseline), after: brief(latest!.baseline) } } : {}),
        afterAttempts: measured.length,
        paired: pair,
      },
    };
  });
}
