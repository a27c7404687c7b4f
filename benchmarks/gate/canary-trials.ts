import { seededRandom } from '../../services/core/random';
import { StandardWorkloadNames } from '../../services/workload/standard';
import type { SimulatedTargetNode, WorkloadTarget } from '../../services/workload/target';
import type { WorkloadResult } from '../../services/workload/result';
import { judgeUpgrade, type UpgradeJudgement, type WorkloadRun } from '../../services/upgrades/upgrade-gate';
import { readCarrying, type CanaryPair } from '../../services/operations/workflows/upgrade/canary-pair';
import { CALIBRATION_ATTEMPT, readsSideBySide, type PairedReadsPlan } from '../../services/operations/workflows/upgrade/paired-reads';
import { pairedEvidenceOf, type PairedRuns } from '../../services/operations/workflows/upgrade/paired-evidence';
import { canaryNextLook } from '../../services/operations/workflows/upgrade/canary-step';
import { NO_SLA, type TrialOutcome } from './trial';
import { TIME_SCALE } from './simulated-trials';

/** Each simulated node's own p99 under a benchmark's load, drawn as the simulated cloud draws Redis's (1.5–6 ms). */
const NODE_P99_MS = { min: 1.5, max: 6 };
const SIM_CANARY = 'sim-1';

/** How a trial's pair is reached in one round: where each side reads, its drivers, and whether the simulator drifts. */
export type PairSides = Pick<PairedReadsPlan, 'targetOf' | 'engines' | 'simulatedDrift'>;

/** The three-node cluster canary trials measure: a primary and two replicas, the canary and its baseline. */
export interface CanaryCluster {
  pair: CanaryPair;
  /** Says where the trials ran, for the results. */
  describe: string;
  /** The pair's sides in a round of `trial`: before the canary's change (calibration) or after it, `factor` times slower (1: unchanged). */
  sides(trial: number, changed: boolean, factor: number): PairSides;
}

/** A simulated three-node cluster whose nodes' own p99s are drawn per trial, the canary `factor` times slower once changed. */
export const simulatedCanaryCluster: CanaryCluster = {
  pair: { canary: SIM_CANARY, baseline: 'sim-2' },
  describe: 'simulated: a primary and two replicas, each node its own p99 drawn per upgrade between 1.5 and 6 ms',
  sides(trial, changed, factor) {
    const draw = seededRandom(trial + 1);
    const nodes = ['sim-0', 'sim-1', 'sim-2'].map((name, i): SimulatedTargetNode => {
      const p99LatencyMs = NODE_P99_MS.min + (NODE_P99_MS.max - NODE_P99_MS.min) * draw();
      const node = { name, role: i === 0 ? ('primary' as const) : ('replica' as const), version: 'old', state: 'running' as const };
      return changed && name === SIM_CANARY ? { ...node, version: 'new', p99LatencyMs: p99LatencyMs * factor } : { ...node, p99LatencyMs };
    });
    const targetOf = async (readsFrom: string): Promise<WorkloadTarget> => ({
      kind: 'simulated',
      engine: 'redis',
      seed: 1,
      timeScale: TIME_SCALE,
      nodes,
      readsFrom,
    });
    return { targetOf, simulatedDrift: true };
  },
};

export interface CanaryTrialsOptions {
  thresholdPercent: number;
  /** Seconds of each paired run (the upgrade's `benchmarkSeconds`). */
  seconds: number;
  /** Names the trials' seeds. */
  label: string;
  firstTrial: number;
  /** Told every judgement (each look of each trial): for looking into why an upgrade ended as it did. */
  onLook?: (trial: number, look: number, judgement: UpgradeJudgement) => void;
  /** Where the pair is measured; default the simulated cluster. */
  cluster?: CanaryCluster;
  /** The read-carrying standard workloads judged (the first N; default all of them). */
  workloadCount?: number;
  /** No trial is started after this instant (performance.now()); the outcomes count the trials done. */
  stopAt?: number;
  /** Progress is printed every this many trials. */
  progressEvery?: number;
}

const asRun = (r: WorkloadResult): WorkloadRun => ({
  p99Ms: r.latency.p99,
  meanMs: r.latency.avg,
  slices: r.slices,
  byOperation: { read: { count: r.byOperation.read.count, p99: r.byOperation.read.p99 }, write: { count: 0, p99: 0 } },
});
const pct = (before: number, after: number) => (before > 0 ? ((after - before) / before) * 100 : 0);

/**
 * Upgrades of a three-node cluster (a primary and two replicas; simulated, each node with its own
 * p99 drawn per trial, or real servers) measured as the upgrade workflow's canary step measures
 * them: each read-carrying standard workload's reads at the canary beside the baseline before the
 * change (the calibration round) and after the canary alone changed (`factor` times slower: 1 for
 * no change), the product's own paired reads, evidence and verdict, and its reruns of the
 * inconclusive workloads until a decision or a hold.
 */
export async function canaryTrials(count: number, factor: number, options: CanaryTrialsOptions): Promise<TrialOutcome[]> {
  const cluster = options.cluster ?? simulatedCanaryCluster;
  const all = readCarrying(StandardWorkloadNames);
  const workloads = all.slice(0, Math.max(1, options.workloadCount ?? all.length));
  const trials: TrialOutcome[] = [];
  for (let trial = options.firstTrial; trial < options.firstTrial + count; trial += 1) {
    if (options.stopAt !== undefined && performance.now() > options.stopAt) break;
    const upgrade = `${options.label}:${trial}`;
    const measure = async (attempt: number, names: readonly string[]) => {
      const sides = cluster.sides(trial, attempt !== CALIBRATION_ATTEMPT, factor);
      const round = new Map<string, PairedRuns<WorkloadResult>>();
      for (const workload of names)
        round.set(
          workload,
          await readsSideBySide({ ...sides, pair: cluster.pair, workload, durationSeconds: options.seconds, upgrade, attempt }),
        );
      return round;
    };
    const calibration = await measure(CALIBRATION_ATTEMPT, workloads);
    const rounds = [await measure(CALIBRATION_ATTEMPT + 1, workloads)];
    const judge = () => {
      const judgement = judgeUpgrade(
        workloads.map((w) => {
          const measured = rounds.flatMap((r) => {
            const runs = r.get(w);
            return runs ? [{ canary: asRun(runs.canary), baseline: asRun(runs.baseline) }] : [];
          });
          const before = calibration.get(w)!;
          return pairedEvidenceOf(w, { canary: asRun(before.canary), baseline: asRun(before.baseline) }, measured);
        }),
        NO_SLA,
        { thresholdPercent: options.thresholdPercent },
      );
      options.onLook?.(trial, rounds.length, judgement);
      return judgement;
    };
    let judgement = judge();
    const firstLook = judgement.verdict;
    for (let look = canaryNextLook(judgement, rounds.length); look.next === 'rerun'; look = canaryNextLook(judgement, rounds.length)) {
      rounds.push(await measure(CALIBRATION_ATTEMPT + rounds.length + 1, look.workloads));
      judgement = judge();
    }
    // The change a person reads: the canary node after its change against itself before it.
    const changes = workloads.map((w) => {
      const before = calibration.get(w)!.canary;
      const after = rounds[0]!.get(w)!.canary;
      return { p99: pct(before.latency.p99, after.latency.p99), mean: pct(before.latency.avg, after.latency.avg) };
    });
    trials.push({ firstLook, final: judgement.verdict, reruns: rounds.length - 1, legacy: {}, changes });
    if ((trial + 1 - options.firstTrial) % (options.progressEvery ?? 100) === 0)
      console.log(`  canary ${options.label}: ${trial + 1 - options.firstTrial}/${count}`);
  }
  return trials;
}
