import { runWorkload } from '../../services/workload/runner';
import { seedFrom } from '../../services/core/random';
import type { WorkloadDefinition } from '../../services/workload/definition';
import type { WorkloadTarget } from '../../services/workload/target';
import { runTrial, type TrialDesign, type TrialOutcome, type TrialsOptions } from './trial';

/** Virtual time runs as fast as the CPU allows. */
export const TIME_SCALE = 1e9;

/**
 * Upgrades of a simulated three-node cluster, each with its own seed (so its own drift and tail
 * variability per slice, as services/workload/simulated-driver.ts draws them). The after side's
 * nodes are `factor` slower: 1 for an upgrade that changes nothing, 1.1 for a +10% regression.
 */
export async function simulatedTrials(
  count: number,
  factor: number,
  workloads: readonly WorkloadDefinition[],
  design: TrialDesign,
  options: TrialsOptions & {
    p99Ms: number;
    firstTrial?: number;
  },
): Promise<TrialOutcome[]> {
  const target = (p99LatencyMs: number): WorkloadTarget => ({
    kind: 'simulated',
    engine: 'redis',
    seed: 1,
    timeScale: TIME_SCALE,
    nodes: ['primary', 'replica', 'replica'].map((role, i) => ({
      name: `sim-${i}`,
      role: role as 'primary' | 'replica',
      version: 'v',
      state: 'running',
      p99LatencyMs,
    })),
  });
  const trials: TrialOutcome[] = [];
  const first = options.firstTrial ?? 0;
  for (let trial = first; trial < first + count; trial += 1) {
    trials.push(
      await runTrial(
        (phase, workload, round) =>
          runWorkload(target(phase === 'after' ? options.p99Ms * factor : options.p99Ms), workload, {
            seed: seedFrom(`${options.label}:${trial}:${workload.name}:${phase}:${round}`),
          }),
        workloads,
        design,
        options,
      ),
    );
    if ((trial + 1 - first) % 100 === 0) console.log(`  simulated ${options.label}: ${trial + 1 - first}/${count}`);
  }
  return trials;
}
