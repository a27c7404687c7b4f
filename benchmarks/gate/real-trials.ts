import { runWorkload } from '../../services/workload/runner';
import { seedFrom } from '../../services/core/random';
import type { WorkloadDefinition } from '../../services/workload/definition';
import type { WorkloadTarget } from '../../services/workload/target';
import { createEngineRegistry } from '../../services/engines/registry';
import type { BenchNode } from '../runner/local-nodes';
import { delayedDriver } from './delayed-driver';
import { runTrial, type TrialDesign, type TrialOutcome, type TrialsOptions } from './trial';

/**
 * Upgrades of real local redis-servers that change nothing. With one node, the same server before
 * and after. With two (the paired design), one is the baseline kept on the old version and the other
 * the changed node, and they swap roles from one upgrade to the next, so a standing difference
 * between the two servers cannot lean every verdict the same way. For the injected regression the
 * after side's driver makes an extra round trip on `extraShare` of its calls (delayed-driver.ts).
 * Keys are written once before the first trial.
 */
export async function realTrials(
  nodes: readonly BenchNode[],
  count: number,
  extraShare: number,
  workloads: readonly WorkloadDefinition[],
  design: TrialDesign,
  options: TrialsOptions & {
    /** Slices per run, when not one per 250 ms (short paired runs cut finer). */
    slices?: number;
    /** No upgrade is started after this (performance.now() ms): the summary then counts the ones done. */
    stopAt?: number;
  },
): Promise<TrialOutcome[]> {
  const engines = createEngineRegistry();
  const targetOf = (node: BenchNode): WorkloadTarget => ({
    kind: 'real',
    engine: 'redis',
    credentials: { username: node.username, password: node.password },
    nodes: [{ name: `bench-gate-redis-${node.port}`, host: node.host, port: node.port, role: 'primary', version: node.version }],
  });
  const targets = nodes.map(targetOf);
  const driver = (target: WorkloadTarget & { kind: 'real' }, seed: number) => {
    const inner = engines.get('redis').workloadDriver({ nodes: target.nodes, credentials: target.credentials, timeoutMs: 5000 });
    return extraShare > 0 ? delayedDriver(inner, extraShare, seed) : inner;
  };
  const trials: TrialOutcome[] = [];
  for (let trial = 0; trial < count && performance.now() < (options.stopAt ?? Infinity); trial += 1) {
    trials.push(
      await runTrial(
        (phase, workload, round) => {
          const seed = seedFrom(`${options.label}:${trial}:${workload.name}:${phase}:${round}`);
          const target = targets[(trial + (phase === 'after' ? 1 : 0)) % targets.length]!;
          return runWorkload(target, workload, {
            seed,
            engines,
            prefill: false,
            ...(options.slices ? { slices: options.slices } : {}),
            ...(phase === 'after' && target.kind === 'real' ? { driver: driver(target, seed) } : {}),
          });
        },
        workloads,
        design,
        options,
      ),
    );
    if ((trial + 1) % 10 === 0 || trial + 1 === count) console.log(`  real ${options.label}: ${trial + 1}/${count}`);
  }
  return trials;
}
