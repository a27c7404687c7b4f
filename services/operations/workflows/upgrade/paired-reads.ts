import type { StepRun } from '../../workflow';
import { runWorkload } from '../../../workload/runner';
import { pairedSliceCountFor } from '../../../workload/slices';
import { seedFrom } from '../../../core/random';
import type { EngineRegistry } from '../../../core/engine-port';
import type { WorkloadResult } from '../../../workload/result';
import type { WorkloadTarget } from '../../../workload/target';
import { definitionOf } from '../benchmark/run-phase';
import { workloadTargetFor } from '../benchmark/target';
import { readsOf, type CanaryPair } from './canary-pair';

/**
 * The attempt under which the pair is first measured, before the canary changes (both nodes on the
 * old version): the first of CALIBRATION_ROUNDS calibration rounds, attempts 0, 1, 2; the rounds
 * after the change are attempts FIRST_CANARY_ATTEMPT, FIRST_CANARY_ATTEMPT + 1, ….
 */
export const CALIBRATION_ATTEMPT = 0;

/**
 * Rounds of the pair measured before the change. The calibration is measured once and every look
 * after the change is judged against it, so its spread is a floor no rerun lowers, and a run's own
 * lean (the two nodes' ratio moves between runs, not only between slices) stays in every look.
 * Three rounds, each a run of its own like the rounds after the change, average both out
 * (`bench:gate`'s canary sections judge the same upgrades with one round and with three), and the
 * spread of their means tells the gate how far this pair's lean moves from run to run (the
 * calibrated test's `roundDrift`).
 */
export const CALIBRATION_ROUNDS = 3;

/** The attempt of the first round after the canary's change. */
export const FIRST_CANARY_ATTEMPT = CALIBRATION_ATTEMPT + CALIBRATION_ROUNDS;

/** The attempts of the calibration rounds. */
export const calibrationAttempts = (): number[] => Array.from({ length: CALIBRATION_ROUNDS }, (_, i) => CALIBRATION_ATTEMPT + i);

/** The calibration rounds a `before-benchmark` checkpoint holds: one round in upgrades recorded before there were three. */
export const calibrationRounds = (calibration: PairedRound | readonly PairedRound[] | undefined): PairedRound[] =>
  calibration === undefined ? [] : Array.isArray(calibration) ? [...calibration] : [calibration as PairedRound];

/** The run ids of one round of the canary pair, by workload. */
export interface PairedRound {
  canary: Record<string, string>;
  baseline: Record<string, string>;
}

/** How one workload's reads are measured at the pair: where each side reads, and what names its load. */
export interface PairedReadsPlan {
  /** The target whose every read goes to `node` (`WorkloadTarget.readsFrom`), read fresh for each side. */
  targetOf: (node: string) => Promise<WorkloadTarget>;
  pair: CanaryPair;
  workload: string;
  durationSeconds: number;
  /** Names the upgrade (its seeds): the same upgrade, workload and attempt always draw the same load. */
  upgrade: string;
  attempt: number;
  engines?: Pick<EngineRegistry, 'get'>;
  simulatedDrift: boolean;
}

/**
 * A workload's reads run at the same time against the canary and against the baseline, each its own
 * driver run under the same load (the same definition: key space and popularity, payload, callers,
 * length, every operation a read), cut into the same slices (pairedSliceCountFor). Both sides meet
 * the same simulated moments (one drift seed); each draws its own calls.
 */
export async function readsSideBySide(plan: PairedReadsPlan): Promise<{ canary: WorkloadResult; baseline: WorkloadResult }> {
  const workload = readsOf(definitionOf(plan.workload, plan.durationSeconds));
  const load = `${plan.upgrade}:${plan.workload}:paired:${plan.attempt}`;
  const measure = async (side: 'canary' | 'baseline'): Promise<WorkloadResult> =>
    runWorkload(await plan.targetOf(plan.pair[side]), workload, {
      slices: pairedSliceCountFor(plan.durationSeconds),
      seed: seedFrom(`${load}:${side}`),
      driftSeed: seedFrom(load),
      simulatedDrift: plan.simulatedDrift,
      ...(plan.engines ? { engines: plan.engines } : {}),
    });
  const [canary, baseline] = await Promise.all([measure('canary'), measure('baseline')]);
  return { canary, baseline };
}

/**
 * One round of paired read evidence: for each workload in turn, its reads at the canary beside the
 * baseline (readsSideBySide), the two runs stored together (phases `canary` and `baseline`, this
 * attempt) or not at all. A workload whose pair is already stored (the step resumed after a crash)
 * is not run again. Returns the round's run ids and the workloads in which a side had no successful
 * read, with why.
 */
export async function runPairedRound(
  run: StepRun,
  pair: CanaryPair,
  workloads: readonly string[],
  durationSeconds: number,
  attempt: number,
): Promise<{ round: PairedRound; failed: string[] }> {
  const { ctx, op, cluster } = run;
  const round: PairedRound = { canary: {}, baseline: {} };
  const failed: string[] = [];
  const [storedCanary, storedBaseline] = await Promise.all([
    ctx.repos.benchmarkRuns.forOperationPhase(op.id, 'canary', attempt),
    ctx.repos.benchmarkRuns.forOperationPhase(op.id, 'baseline', attempt),
  ]);
  const failure = (name: string, side: string, messages: readonly string[], operations: number) => {
    if (operations === 0) failed.push(`${name} at the ${side}: ${messages[0] ?? 'no read succeeded'}`);
  };
  for (const name of workloads) {
    const [canary, baseline] = [storedCanary.get(name), storedBaseline.get(name)];
    if (canary && baseline) {
      round.canary[name] = canary.id;
      round.baseline[name] = baseline.id;
      failure(name, `canary ${pair.canary}`, canary.errorMessages, canary.operations);
      failure(name, `baseline ${pair.baseline}`, baseline.errorMessages, baseline.operations);
      continue;
    }
    run.log.info({ workload: name, attempt, ...pair }, 'measuring reads at the canary beside the baseline');
    const { canary: atCanary, baseline: atBaseline } = await readsSideBySide({
      targetOf: (node) => workloadTargetFor(ctx, cluster, node),
      pair,
      workload: name,
      durationSeconds,
      upgrade: `${ctx.config.simulatorSeed}:${op.id}`,
      attempt,
      engines: ctx.engines,
      simulatedDrift: ctx.config.simulatorBenchmarkDrift,
    });
    // Each run is stored under the version of the node it read from.
    const stored = (phase: 'canary' | 'baseline', result: WorkloadResult) => ({
      clusterId: cluster.id,
      operationId: op.id,
      clusterVersion: result.nodes.find((n) => n.node === pair[phase])?.version ?? cluster.spec.version,
      phase,
      attempt,
      result,
    });
    [round.canary[name], round.baseline[name]] = await ctx.repos.benchmarkRuns.insertPair(
      stored('canary', atCanary),
      stored('baseline', atBaseline),
    );
    failure(name, `canary ${pair.canary}`, atCanary.errorMessages, atCanary.operations);
    failure(name, `baseline ${pair.baseline}`, atBaseline.errorMessages, atBaseline.operations);
  }
  return { round, failed };
}
