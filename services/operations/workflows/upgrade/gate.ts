import type { StepRun } from '../../workflow';
import { compareRuns, type GateVerdict } from '../../../upgrades/upgrade-gate';
import type { BenchmarkRun } from '../../../workload/benchmark-run';
import type { NodeChange } from '../../../providers/provider';

export interface WorkloadComparison {
  workload: string;
  before: { runId: string; p99Ms: number; meanMs: number; opsPerSecond: number };
  after: { runId: string; p99Ms: number; meanMs: number; opsPerSecond: number };
  verdict: GateVerdict;
}

const latencyRun = (r: BenchmarkRun) => ({ samplesMs: r.samples, p99Ms: r.latencyMs.p99, meanMs: r.latencyMs.avg });
const brief = (r: BenchmarkRun) => ({ runId: r.id, p99Ms: r.latencyMs.p99, meanMs: r.latencyMs.avg, opsPerSecond: r.opsPerSecond });

/**
 * Compares each workload's before and after runs with the upgrade gate. The SLA hard limit is the
 * cluster's p99 read target for reads and write target for writes; the whole run's p99 is held to
 * the looser of the two, the per-operation p99s each to their own.
 */
export async function compareWorkloads(
  run: StepRun, workloads: readonly string[], before: Record<string, string>, after: Record<string, string>, thresholdPercent: number,
): Promise<WorkloadComparison[]> {
  const { sla } = run.cluster;
  const comparisons: WorkloadComparison[] = [];
  for (const workload of workloads) {
    const [b, a] = await Promise.all([run.ctx.repos.benchmarkRuns.get(before[workload]!), run.ctx.repos.benchmarkRuns.get(after[workload] ?? '')]);
    if (!b || !a) throw new Error(`benchmark runs of ${workload} are missing`);
    const verdict = compareRuns(latencyRun(b), latencyRun(a), { thresholdPercent, slaP99Ms: Math.max(sla.p99ReadMs, sla.p99WriteMs), seed: 1 });
    for (const [kind, limit] of [['read', sla.p99ReadMs], ['write', sla.p99WriteMs]] as const) {
      const p99 = a.byOperation[kind].p99;
      if (a.byOperation[kind].count > 0 && p99 > limit) {
        verdict.verdict = 'regression';
        verdict.slaBreached = true;
        verdict.reasons.push(`${kind} p99 ${p99.toFixed(2)} ms after the change is over the SLA's ${limit} ms`);
      }
    }
    comparisons.push({ workload, before: brief(b), after: brief(a), verdict });
  }
  return comparisons;
}

/**
 * Why an upgrade was rolled back, in a line a person reads: the workloads the gate judged worse and
 * its reasons (the before/after figures), then what was undone.
 */
export function gateEvidence(regressed: readonly WorkloadComparison[], change: NodeChange): string {
  const evidence = regressed.map((c) => `${c.workload}: ${c.verdict.reasons.join('; ')}`).join(' | ');
  const undone = Object.entries(change).map(([what, to]) => `${what} ${String(to)}`).join(', ');
  return `regression: ${evidence}; every node rolled back from ${undone || 'the change'}`;
}
