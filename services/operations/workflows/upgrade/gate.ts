import type { StepRun } from '../../workflow';
import { judgeUpgrade, type GateVerdict, type WorkloadRun } from '../../../upgrades/upgrade-gate';
import type { BenchmarkRun } from '../../../workload/benchmark-run';
import type { NodeChange } from '../../../providers/provider';

export interface WorkloadComparison {
  workload: string;
  before: { runId: string; p99Ms: number; meanMs: number; opsPerSecond: number };
  after: { runId: string; p99Ms: number; meanMs: number; opsPerSecond: number };
  verdict: GateVerdict;
}

const workloadRun = (r: BenchmarkRun): WorkloadRun => ({
  samplesMs: r.samples,
  p99Ms: r.latencyMs.p99,
  meanMs: r.latencyMs.avg,
  byOperation: r.byOperation,
});
const brief = (r: BenchmarkRun) => ({ runId: r.id, p99Ms: r.latencyMs.p99, meanMs: r.latencyMs.avg, opsPerSecond: r.opsPerSecond });

/** Loads each workload's before and after runs and asks the upgrade gate (services/upgrades/upgrade-gate.ts) for its verdict. */
export async function compareWorkloads(
  run: StepRun,
  workloads: readonly string[],
  before: Record<string, string>,
  after: Record<string, string>,
  thresholdPercent?: number,
): Promise<WorkloadComparison[]> {
  const { sla } = run.cluster;
  const comparisons: WorkloadComparison[] = [];
  const ids = workloads.flatMap((w) => [before[w], after[w]]).filter((id): id is string => id !== undefined);
  const stored = await run.ctx.repos.benchmarkRuns.getMany(ids);
  for (const workload of workloads) {
    const b = stored.get(before[workload] ?? '');
    const a = stored.get(after[workload] ?? '');
    if (!b || !a) throw new Error(`benchmark runs of ${workload} are missing`);
    comparisons.push({
      workload,
      before: brief(b),
      after: brief(a),
      verdict: judgeUpgrade(workloadRun(b), workloadRun(a), sla, thresholdPercent),
    });
  }
  return comparisons;
}

/**
 * Why an upgrade was rolled back, in a line a person reads: the workloads the gate judged worse and
 * its reasons (the before/after figures), then what was undone.
 */
export function gateEvidence(regressed: readonly WorkloadComparison[], change: NodeChange): string {
  const evidence = regressed.map((c) => `${c.workload}: ${c.verdict.reasons.join('; ')}`).join(' | ');
  const undone = Object.entries(change)
    .map(([what, to]) => `${what} ${String(to)}`)
    .join(', ');
  return `regression: ${evidence}; every node rolled back from ${undone || 'the change'}`;
}
