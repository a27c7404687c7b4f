import type { StepRun } from '../../workflow';
import {
  judgeUpgrade,
  type UpgradeJudgement,
  type WorkloadEvidence,
  type WorkloadRun,
  type WorkloadVerdict,
} from '../../../upgrades/upgrade-gate';
import type { BenchmarkRun } from '../../../workload/benchmark-run';
import type { CanaryPair } from './canary-pair';

interface SideBrief {
  /** The run behind the figures (the latest attempt after the change). */
  runId: string;
  p99Ms: number;
  meanMs: number;
  opsPerSecond: number;
}

export interface WorkloadComparison {
  workload: string;
  /** Before the change (for paired reads: the canary node itself, measured before its change beside the baseline). */
  before: SideBrief;
  /** After the change (for paired reads: the canary). */
  after: SideBrief;
  /** Paired reads: the baseline node in the same rounds, before the canary's change and beside it after. */
  baseline?: { before: SideBrief; after: SideBrief };
  /** How many after-benchmarks (or canary rounds) the after slices pool (1, or more when the gate asked for reruns). */
  afterAttempts: number;
  /** Present for the reads measured at the canary beside the baseline (the gate's paired mode). */
  paired?: CanaryPair;
  verdict: WorkloadVerdict;
}

/** One workload's evidence for the gate, with the figures its comparison shows. */
export interface WorkloadSides {
  evidence: WorkloadEvidence;
  comparison: Omit<WorkloadComparison, 'verdict'>;
}

export const brief = (r: BenchmarkRun): SideBrief => ({
  runId: r.id,
  p99Ms: r.latencyMs.p99,
  meanMs: r.latencyMs.avg,
  opsPerSecond: r.opsPerSecond,
});

/** What the gate reads of a stored run; `slices` when not the run's own (pooled or lined up). */
export const sideOf = (r: BenchmarkRun, slices: WorkloadRun['slices'] = r.slices): WorkloadRun => ({
  p99Ms: r.latencyMs.p99,
  meanMs: r.latencyMs.avg,
  slices,
  byOperation: r.byOperation,
});

/**
 * Loads each workload's before run and every after run (the first and the gate's reruns) and pools
 * the after slices. The whole-run figures after the change are the latest attempt's.
 */
export async function beforeAfterSides(
  run: StepRun,
  workloads: readonly string[],
  before: Record<string, string>,
  afterAttempts: ReadonlyArray<Record<string, string>>,
): Promise<WorkloadSides[]> {
  const ids = workloads.flatMap((w) => [before[w], ...afterAttempts.map((a) => a[w])]).filter((id): id is string => id !== undefined);
  const stored = await run.ctx.repos.benchmarkRuns.getMany(ids);
  return workloads.map((workload) => {
    const b = stored.get(before[workload] ?? '');
    const afters = afterAttempts.map((a) => stored.get(a[workload] ?? '')).filter((r): r is BenchmarkRun => r !== undefined);
    const latest = afters.at(-1);
    if (!b || !latest) throw new Error(`benchmark runs of ${workload} are missing`);
    return {
      evidence: {
        workload,
        before: sideOf(b),
        after: sideOf(
          latest,
          afters.flatMap((r) => r.slices),
        ),
      },
      comparison: { workload, before: brief(b), after: brief(latest), afterAttempts: afters.length },
    };
  });
}

/**
 * Asks the upgrade gate (services/upgrades/upgrade-gate.ts) for one judgement over every workload's
 * evidence given, paired and before/after alike, so all their tests are corrected together.
 */
export function judgeSides(
  run: StepRun,
  sides: readonly WorkloadSides[],
  thresholdPercent?: number,
): { judgement: UpgradeJudgement; comparisons: WorkloadComparison[] } {
  const judgement = judgeUpgrade(
    sides.map((s) => s.evidence),
    run.cluster.sla,
    thresholdPercent === undefined ? {} : { thresholdPercent },
  );
  const comparisons = sides.map((s, i) => ({ ...s.comparison, verdict: judgement.workloads[i]!.verdict }));
  return { judgement, comparisons };
}
