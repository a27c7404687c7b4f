import { quantile, mean } from 'simple-statistics';
import type { WorkloadDefinition } from '../../services/workload/definition';
import type { WorkloadResult } from '../../services/workload/result';
import { judgeUpgrade, type GateVerdictName, type WorkloadRun } from '../../services/upgrades/upgrade-gate';
import { judgeUpgrade as legacyJudge } from './legacy-gate';
import { linePairedRounds } from '../../services/upgrades/paired-slices';
import { causesOf, type Surprise } from './surprise';
import type { DriftSeen } from './round-drift';

/** Runs one workload for one side of an upgrade; `round` tells runs of the same side apart (rounds, reruns). */
export type PhaseRunner = (phase: 'before' | 'after', workload: WorkloadDefinition, round: number) => Promise<WorkloadResult>;

/**
 * How the two sides are measured. `sequential`: every workload before, then every workload after,
 * as the upgrade workflow does. `interleaved`: short runs of the two sides taking turns (before,
 * after, before, …). `paired`: both sides at the same time (a baseline node on the old version and
 * the changed node, each driven by its own copy of the workload), judged on the paired slices.
 */
export type TrialDesign = { kind: 'sequential' } | { kind: 'interleaved'; rounds: number } | { kind: 'paired'; rounds: number };

/** How each trial's upgrade is judged: the slice gate's threshold and reruns, and the legacy gate's thresholds beside it. */
export interface GateOptions {
  thresholdPercent: number;
  legacyThresholds: readonly number[];
  maxReruns: number;
}

/** What a run of trials is told: how to judge, and the label its lines are printed with. */
export interface TrialsOptions extends GateOptions {
  label: string;
}

export interface TrialOutcome {
  /** The slice gate's verdict at its first look and at the end (after up to `maxReruns` reruns; inconclusive then = held). */
  firstLook: GateVerdictName;
  final: GateVerdictName;
  reruns: number;
  /** Today's gate (one bootstrap and Mann-Whitney per workload on 2,000 samples; any workload rolls back), at each threshold. */
  legacy: Record<string, 'pass' | 'regression'>;
  /** Whole-side change of p99 and mean, per workload, percent (first look). */
  changes: Array<{ p99: number; mean: number }>;
  /** The same upgrade judged by the design the gate replaced, on the same runs (canary trials: without the pair's drift between rounds). */
  beside?: TrialOutcome;
  /** What held the first look back from a pass (`causesOf`); absent when it passed. */
  firstLookCauses?: string[];
  /** Canary trials: the upgrade kept whole when it ended other than it deserved. */
  surprise?: Surprise;
  /** Canary trials: the drift of the pair's offset between calibration rounds each test saw at the first look. */
  driftSeen?: DriftSeen[];
}

/** An SLA no run comes near: the bench measures the statistics, not the hard limit. */
export const NO_SLA = { p99ReadMs: 1e9, p99WriteMs: 1e9, availability: 99.9 };
const RESERVOIR = 2000;

/** Several runs of one side as one: slices in order; whole-side p99 and mean from the pooled samples (≤ 2,000, as the runner keeps). */
function side(runs: readonly WorkloadResult[]): WorkloadRun & { samplesMs: number[] } {
  const pooled = runs.flatMap((r) => r.samples);
  const samplesMs = pooled.length <= RESERVOIR ? pooled : pooled.filter((_, i) => i % Math.ceil(pooled.length / RESERVOIR) === 0);
  const single = runs.length === 1 ? runs[0]! : null;
  return {
    p99Ms: single ? single.latency.p99 : quantile(pooled, 0.99),
    meanMs: single ? single.latency.avg : mean(pooled),
    slices: runs.flatMap((r) => r.slices),
    byOperation: { read: { count: 0, p99: 0 }, write: { count: 0, p99: 0 } },
    samplesMs,
  };
}

/**
 * One upgrade judged by the slice gate (with its reruns of the inconclusive workloads: the after
 * side again when sequential, more rounds of both when interleaved or paired) and by today's gate on the
 * first look's runs.
 */
export async function runTrial(
  run: PhaseRunner,
  workloads: readonly WorkloadDefinition[],
  design: TrialDesign,
  options: GateOptions,
): Promise<TrialOutcome> {
  const before: WorkloadResult[][] = workloads.map(() => []);
  const after: WorkloadResult[][] = workloads.map(() => []);
  let round = 0;
  const measure = async (which: readonly number[]) => {
    if (design.kind === 'sequential') {
      if (round === 0) for (const i of which) before[i]!.push(await run('before', workloads[i]!, round));
      for (const i of which) after[i]!.push(await run('after', workloads[i]!, round));
      round += 1;
      return;
    }
    for (let r = 0; r < design.rounds; r += 1, round += 1)
      for (const i of which) {
        if (design.kind === 'paired') {
          const [b, a] = await Promise.all([run('before', workloads[i]!, round), run('after', workloads[i]!, round)]);
          const lined = linePairedRounds([{ baseline: b.slices, changed: a.slices }]);
          before[i]!.push({ ...b, slices: lined.before });
          after[i]!.push({ ...a, slices: lined.after });
          continue;
        }
        before[i]!.push(await run('before', workloads[i]!, round));
        after[i]!.push(await run('after', workloads[i]!, round));
      }
  };
  const judge = () =>
    judgeUpgrade(
      workloads.map((w, i) => ({
        workload: w.name,
        before: side(before[i]!),
        after: side(after[i]!),
        paired: design.kind === 'paired',
      })),
      NO_SLA,
      { thresholdPercent: options.thresholdPercent },
    );
  await measure(workloads.map((_, i) => i));
  const firstSides = workloads.map((_, i) => ({ b: side(before[i]!), a: side(after[i]!) }));
  let judgement = judge();
  const firstLook = judgement.verdict;
  const firstLookCauses = causesOf(judgement);
  let reruns = 0;
  while (judgement.verdict === 'inconclusive' && reruns < options.maxReruns) {
    reruns += 1;
    await measure(workloads.flatMap((_, i) => (judgement.workloads[i]!.verdict.verdict === 'inconclusive' ? [i] : [])));
    judgement = judge();
  }
  const legacy: Record<string, 'pass' | 'regression'> = {};
  for (const threshold of options.legacyThresholds) {
    const regressed = firstSides.some(
      ({ b, a }) => legacyJudge({ ...b, byOperation: NO_OPS }, { ...a, byOperation: NO_OPS }, NO_SLA, threshold).verdict === 'regression',
    );
    legacy[`${threshold}%`] = regressed ? 'regression' : 'pass';
  }
  const pct = (b: number, a: number) => (b > 0 ? ((a - b) / b) * 100 : 0);
  const changes = firstSides.map(({ b, a }) => ({ p99: pct(b.p99Ms, a.p99Ms), mean: pct(b.meanMs, a.meanMs) }));
  return { firstLook, final: judgement.verdict, reruns, legacy, changes, ...(firstLook === 'pass' ? {} : { firstLookCauses }) };
}

const NO_OPS = { read: { count: 0, p99: 0 }, write: { count: 0, p99: 0 } };
