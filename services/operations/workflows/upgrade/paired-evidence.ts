import type { StepRun } from '../../workflow';
import type { BenchmarkRun } from '../../../workload/benchmark-run';
import { linePairedRounds } from '../../../upgrades/paired-slices';
import type { CanaryPair } from './canary-pair';
import { brief, sideOf, type WorkloadSides } from './gate';
import type { PairedRound } from './paired-reads';

/**
 * Each workload's reads at the canary beside the baseline, as the gate's paired evidence: the slices
 * of every round lined up by their place in the window (`linePairedRounds`), the baseline as the
 * side before the change and the canary as the side after it, and the round measured before the
 * change (both nodes on the old version) as the calibration: how the two nodes differ on their own.
 * The whole-run figures are the latest round's.
 */
export async function pairedSides(
  run: StepRun,
  pair: CanaryPair,
  workloads: readonly string[],
  calibration: PairedRound | undefined,
  rounds: readonly PairedRound[],
): Promise<WorkloadSides[]> {
  const ids = [...(calibration ? [calibration] : []), ...rounds]
    .flatMap((r) => workloads.flatMap((w) => [r.canary[w], r.baseline[w]]))
    .filter((id): id is string => id !== undefined);
  const stored = await run.ctx.repos.benchmarkRuns.getMany(ids);
  return workloads.map((workload) => {
    const sides = rounds.map((r) => ({ canary: stored.get(r.canary[workload] ?? ''), baseline: stored.get(r.baseline[workload] ?? '') }));
    const measured = sides.filter((s): s is { canary: BenchmarkRun; baseline: BenchmarkRun } => !!s.canary && !!s.baseline);
    const latest = measured.at(-1);
    if (!latest) throw new Error(`the canary and baseline runs of ${workload} are missing`);
    const lined = linePairedRounds(measured.map((s) => ({ baseline: s.baseline.slices, changed: s.canary.slices })));
    const [calibratedBaseline, calibratedCanary] = [
      stored.get(calibration?.baseline[workload] ?? ''),
      stored.get(calibration?.canary[workload] ?? ''),
    ];
    const calibrated =
      calibratedBaseline && calibratedCanary
        ? linePairedRounds([{ baseline: calibratedBaseline.slices, changed: calibratedCanary.slices }])
        : undefined;
    return {
      evidence: {
        workload,
        before: sideOf(latest.baseline, lined.before),
        after: sideOf(latest.canary, lined.after),
        paired: true,
        ...(calibrated ? { calibration: calibrated } : {}),
      },
      comparison: {
        workload,
        // The figures a person compares: the canary node before and after its change (the gate's own
        // evidence is the slices: the baseline beside the canary, less their difference before the change).
        before: brief(calibratedCanary ?? latest.baseline),
        after: brief(latest.canary),
        ...(calibratedBaseline ? { baseline: { before: brief(calibratedBaseline), after: brief(latest.baseline) } } : {}),
        afterAttempts: measured.length,
        paired: pair,
      },
    };
  });
}
