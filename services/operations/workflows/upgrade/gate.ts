import type { StepRun } from '../../workflow';
import { judgeUpgrade, type UpgradeJudgement, type WorkloadEvidence, type WorkloadVerdict } from '../../../upgrades/upgrade-gate';
import type { BenchmarkRun } from '../../../workload/benchmark-run';
import type { NodeChange } from '../../../providers/provider';

interface SideBrief {
  /** The run behind the figures (the latest attempt after the change). */
  runId: string;
  p99Ms: number;
  meanMs: number;
  opsPerSecond: number;
}

export interface WorkloadComparison {
  workload: string;
  before: SideBrief;
  after: SideBrief;
  /** How many after-benchmarks the after slices pool (1, or more when the gate asked for reruns). */
  afterAttempts: number;
  verdict: WorkloadVerdict;
}

const brief = (r: BenchmarkRun): SideBrief => ({
  runId: r.id,
  p99Ms: r.latencyMs.p99,
  meanMs: r.latencyMs.avg,
  opsPerSecond: r.opsPerSecond,
});

/**
 * Loads each workload's before run and every after run (the first and the gate's reruns), pools the
 * after slices, and asks the upgrade gate (services/upgrades/upgrade-gate.ts) for one judgement over
 * all workloads. The whole-run figures after the change are the latest attempt's.
 */
export async function compareWorkloads(
  run: StepRun,
  workloads: readonly string[],
  before: Record<string, string>,
  afterAttempts: ReadonlyArray<Record<string, string>>,
  thresholdPercent?: number,
): Promise<{ judgement: UpgradeJudgement; comparisons: WorkloadComparison[] }> {
  const ids = workloads.flatMap((w) => [before[w], ...afterAttempts.map((a) => a[w])]).filter((id): id is string => id !== undefined);
  const stored = await run.ctx.repos.benchmarkRuns.getMany(ids);
  const sides = workloads.map((workload) => {
    const b = stored.get(before[workload] ?? '');
    const afters = afterAttempts.map((a) => stored.get(a[workload] ?? '')).filter((r): r is BenchmarkRun => r !== undefined);
    const latest = afters.at(-1);
    if (!b || !latest) throw new Error(`benchmark runs of ${workload} are missing`);
    return { workload, b, afters, latest };
  });
  const evidence: WorkloadEvidence[] = sides.map(({ workload, b, afters, latest }) => ({
    workload,
    before: { p99Ms: b.latencyMs.p99, meanMs: b.latencyMs.avg, slices: b.slices, byOperation: b.byOperation },
    after: {
      p99Ms: latest.latencyMs.p99,
      meanMs: latest.latencyMs.avg,
      slices: afters.flatMap((r) => r.slices),
      byOperation: latest.byOperation,
    },
  }));
  const judgement = judgeUpgrade(evidence, run.cluster.sla, thresholdPercent === undefined ? {} : { thresholdPercent });
  const comparisons = sides.map(({ workload, b, afters, latest }, i) => ({
    workload,
    before: brief(b),
    after: brief(latest),
    afterAttempts: afters.length,
    verdict: judgement.workloads[i]!.verdict,
  }));
  return { judgement, comparisons };
}

const changeText = (change: NodeChange) =>
  Object.entries(change)
    .map(([what, to]) => `${what} ${String(to)}`)
    .join(', ') || 'the change';

const evidenceOf = (comparisons: readonly WorkloadComparison[], verdict: WorkloadVerdict['verdict']) =>
  comparisons
    .filter((c) => c.verdict.verdict === verdict)
    .map((c) => `${c.workload}: ${c.verdict.reasons.join('; ')}`)
    .join(' | ');

/**
 * Why an upgrade was rolled back, in a line a person reads: the workloads the gate judged worse and
 * its reasons (the before/after figures), then what was undone.
 */
export function gateEvidence(comparisons: readonly WorkloadComparison[], change: NodeChange): string {
  return `regression: ${evidenceOf(comparisons, 'regression')}; every node rolled back from ${changeText(change)}`;
}

/** Why an upgrade is held for a person: the gate could not tell a change from noise, even after its reruns. */
export function heldEvidence(comparisons: readonly WorkloadComparison[], change: NodeChange, reruns: number): string {
  return (
    `held: inconclusive after ${reruns} rerun${reruns === 1 ? '' : 's'} of the after-benchmark: ${evidenceOf(comparisons, 'inconclusive')}; ` +
    `not rolled back on noise: every node keeps ${changeText(change)}; a person decides whether to keep it or upgrade back`
  );
}
