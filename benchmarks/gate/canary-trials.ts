import { seededRandom } from '../../services/core/random';
import { StandardWorkloadNames } from '../../services/workload/standard';
import type { SimulatedTargetNode, WorkloadTarget } from '../../services/workload/target';
import type { WorkloadResult } from '../../services/workload/result';
import { judgeUpgrade, type UpgradeJudgement, type WorkloadEvidence, type WorkloadRun } from '../../services/upgrades/upgrade-gate';
import { readCarrying, type CanaryPair } from '../../services/operations/workflows/upgrade/canary-pair';
import {
  calibrationAttempts,
  FIRST_CANARY_ATTEMPT,
  readsSideBySide,
  type PairedReadsPlan,
} from '../../services/operations/workflows/upgrade/paired-reads';
import { pairedEvidenceOf, type PairedRuns } from '../../services/operations/workflows/upgrade/paired-evidence';
import { canaryNextLook } from '../../services/operations/workflows/upgrade/canary-step';
import { NO_SLA, type TrialOutcome } from './trial';
import { causesOf, sliceP99s, surpriseOf, type Surprise } from './surprise';
import { TIME_SCALE } from './simulated-trials';
import { driftSeenIn } from './round-drift';

/** Each simulated node's own p99 under a benchmark's load, drawn as the simulated cloud draws Redis's (1.5–6 ms). */
const NODE_P99_MS = { min: 1.5, max: 6 };
const SIM_CANARY = 'sim-1';
/**
 * Each simulated run's own level (σ, log scale: `runDrift`), so a pair's offset moves from run to run
 * as real pairs' do: the real canary runs showed the offset's drift between rounds at 0.66% pooled
 * (DEFAULT_ROUND_DRIFT), the difference of two sides' levels, so each side draws 0.66% / √2.
 */
export const SIM_RUN_DRIFT = 0.0066 / Math.SQRT2;

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
  describe:
    "simulated: a primary and two replicas, each node its own p99 drawn per upgrade between 1.5 and 6 ms, each run its own level (σ 0.47%: the pair's offset moves 0.66% from run to run)",
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
      runDrift: SIM_RUN_DRIFT,
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
  /**
   * Also judge each upgrade as the step did before it took the pair's drift between rounds in (no
   * rounds told, no drift known beforehand), on the same runs (`TrialOutcome.beside`).
   */
  besideWithoutDrift?: boolean;
}

const asRun = (r: WorkloadResult): WorkloadRun => ({
  p99Ms: r.latency.p99,
  meanMs: r.latency.avg,
  slices: r.slices,
  byOperation: { read: { count: r.byOperation.read.count, p99: r.byOperation.read.p99 }, write: { count: 0, p99: 0 } },
});
const sidesOf = (runs: PairedRuns<WorkloadResult>): PairedRuns => ({ canary: asRun(runs.canary), baseline: asRun(runs.baseline) });
const pct = (before: number, after: number) => (before > 0 ? ((after - before) / before) * 100 : 0);

/**
 * Upgrades of a three-node cluster (a primary and two replicas; simulated, each node with its own
 * p99 drawn per trial, or real servers) measured as the upgrade workflow's canary step measures
 * them: each read-carrying standard workload's reads at the canary beside the baseline before the
 * change (the calibration rounds) and after the canary alone changed (`factor` times slower: 1 for
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
      const sides = cluster.sides(trial, attempt >= FIRST_CANARY_ATTEMPT, factor);
      const round = new Map<string, PairedRuns<WorkloadResult>>();
      for (const workload of names)
        round.set(
          workload,
          await readsSideBySide({ ...sides, pair: cluster.pair, workload, durationSeconds: options.seconds, upgrade, attempt }),
        );
      return round;
    };
    const calibration: Array<Map<string, PairedRuns<WorkloadResult>>> = [];
    for (const attempt of calibrationAttempts()) calibration.push(await measure(attempt, workloads));
    // The rounds after the change, measured once whichever design asks for them first.
    const after: Array<Map<string, PairedRuns<WorkloadResult>>> = [];
    const roundAt = async (index: number, names: readonly string[]) => {
      while (after.length <= index) after.push(new Map());
      const missing = names.filter((w) => !after[index]!.has(w));
      if (missing.length > 0) for (const [w, runs] of await measure(FIRST_CANARY_ATTEMPT + index, missing)) after[index]!.set(w, runs);
    };
    const decide = async (withDrift: boolean, tell: boolean): Promise<TrialOutcome> => {
      // Which workloads each look measured: the first all of them, each rerun the inconclusive ones.
      const asked: Array<readonly string[]> = [workloads];
      await roundAt(0, workloads);
      const looks: Array<{ look: number; judgement: UpgradeJudgement }> = [];
      const judge = () => {
        const evidence = workloads.map((w) =>
          pairedEvidenceOf(
            w,
            calibration.map((round) => sidesOf(round.get(w)!)),
            asked.flatMap((names, i) => (names.includes(w) ? [sidesOf(after[i]!.get(w)!)] : [])),
          ),
        );
        const judgement = withDrift
          ? judgeUpgrade(evidence, NO_SLA, { thresholdPercent: options.thresholdPercent })
          : judgeUpgrade(evidence.map(withoutRounds), NO_SLA, { thresholdPercent: options.thresholdPercent, roundDrift: null });
        if (tell) options.onLook?.(trial, asked.length, judgement);
        looks.push({ look: asked.length, judgement });
        return judgement;
      };
      let judgement = judge();
      const firstLook = judgement.verdict;
      for (let look = canaryNextLook(judgement, asked.length); look.next === 'rerun'; look = canaryNextLook(judgement, asked.length)) {
        await roundAt(asked.length, look.workloads);
        asked.push(look.workloads);
        judgement = judge();
      }
      // The change a person reads: the canary node after its change against itself just before it.
      const changes = workloads.map((w) => {
        const before = calibration.at(-1)!.get(w)!.canary;
        const changed = after[0]!.get(w)!.canary;
        return { p99: pct(before.latency.p99, changed.latency.p99), mean: pct(before.latency.avg, changed.latency.avg) };
      });
      const reruns = asked.length - 1;
      const surprise = tell ? surpriseOf(trial, factor === 1 ? 'pass' : 'regression', looks, reruns, calibrationOf(calibration)) : null;
      return {
        firstLook,
        final: judgement.verdict,
        reruns,
        legacy: {},
        changes,
        ...(firstLook === 'pass' ? {} : { firstLookCauses: causesOf(looks[0]!.judgement) }),
        ...(surprise ? { surprise } : {}),
        driftSeen: driftSeenIn(looks[0]!.judgement),
      };
    };
    const outcome = await decide(true, true);
    trials.push(options.besideWithoutDrift ? { ...outcome, beside: await decide(false, false) } : outcome);
    if ((trial + 1 - options.firstTrial) % (options.progressEvery ?? 100) === 0)
      console.log(`  canary ${options.label}: ${trial + 1 - options.firstTrial}/${count}`);
  }
  return trials;
}

/** Evidence as the step gave it before it told the gate which round each slice came from. */
function withoutRounds({ rounds: _rounds, calibration, ...evidence }: WorkloadEvidence): WorkloadEvidence {
  if (!calibration) return evidence;
  const { rounds: _calibrationRounds, ...lined } = calibration;
  return { ...evidence, calibration: lined };
}

/** Per workload, the canary's and the baseline's slice p99s over the calibration rounds, in order. */
function calibrationOf(rounds: ReadonlyArray<Map<string, PairedRuns<WorkloadResult>>>): Surprise['calibration'] {
  const workloads = [...(rounds[0]?.keys() ?? [])];
  return Object.fromEntries(
    workloads.map((w) => [
      w,
      {
        canary: rounds.flatMap((round) => sliceP99s(round.get(w)!.canary.slices)),
        baseline: rounds.flatMap((round) => sliceP99s(round.get(w)!.baseline.slices)),
      },
    ]),
  );
}
