import { runWorkload } from '../../services/workload/runner';
import type { WorkloadDefinition } from '../../services/workload/definition';
import { createEngineRegistry } from '../../services/engines/registry';
import { LocalBenchNodes, type BenchNode } from '../runner/local-nodes';
import { realTrials } from './real-trials';
import { summarise } from './outcomes';
import { shareOneCore } from './shared-core';

export interface RealPlan {
  /** Upgrades of each design: no change and with the injected slowdown. */
  /** `core`: the CPU core both paired servers are pinned to (null: not pinned, each on any core). */
  paired: { noChange: number; regressed: number; seconds: number; sliceMs: number; core: number | null };
  interleaved: { noChange: number; regressed: number; seconds: number; rounds: number };
  sequential: { trials: number; seconds: number };
  workloads: readonly WorkloadDefinition[];
  injected: number;
  gate: { thresholdPercent: number; legacyThresholds: readonly number[]; maxReruns: number };
  /** Names the trials' seeds, so processes run side by side measure different upgrades. */
  label: string;
  /** Real upgrades stop being started after this many minutes (0: no limit); the figures count those done. */
  minutes: number;
}

const total = (plan: RealPlan) =>
  plan.paired.noChange + plan.paired.regressed + plan.interleaved.noChange + plan.interleaved.regressed + plan.sequential.trials;

/** Every key written once; the trials then read and write a warm key space. */
async function prefill(node: BenchNode, workload: WorkloadDefinition) {
  const target = {
    kind: 'real' as const,
    engine: 'redis' as const,
    credentials: { username: node.username, password: node.password },
    nodes: [{ name: 'bench-gate-redis', host: node.host, port: node.port, role: 'primary' as const, version: node.version }],
  };
  await runWorkload(target, { ...workload, durationSeconds: 0.5, warmupSeconds: 0 }, { engines: createEngineRegistry(), prefill: true });
}

/**
 * The real-server part of bench:gate, on two local redis-servers of its own (started here, removed
 * at the end): the paired design (a baseline server and a changed one measured at the same time,
 * the gate's paired mode), and on one of them the interleaved and the before-then-after designs.
 * Null when no real upgrade is asked for.
 */
export async function realSection(plan: RealPlan) {
  if (total(plan) === 0) return null;
  const nodes = new LocalBenchNodes();
  try {
    const servers = [await nodes.start('redis', 'bench-gate-redis-a'), await nodes.start('redis', 'bench-gate-redis-b')];
    for (const server of servers) await prefill(server, plan.workloads[0]!);
    const pinning =
      plan.paired.core === null
        ? { core: null, note: 'not pinned: each server on any core' }
        : await shareOneCore(servers, plan.paired.core);
    console.log(pinning.note);
    const started = performance.now();
    const { paired, interleaved, sequential, injected } = plan;
    const stopAt = plan.minutes > 0 ? started + plan.minutes * 60_000 : Infinity;
    const options = (label: string) => ({ ...plan.gate, label: `${plan.label}-${label}`, stopAt });
    const trialsOf = (seconds: number, warmupSeconds: number) =>
      plan.workloads.map((w) => ({ ...w, durationSeconds: seconds, warmupSeconds }));
    const pairedDesign = { kind: 'paired' as const, rounds: 1 };
    const pairedSlices = Math.max(3, Math.round((paired.seconds * 1000) / paired.sliceMs));
    const pairedWorkloads = trialsOf(paired.seconds, 0.1);
    const pairedOptions = (label: string) => ({ ...options(label), slices: pairedSlices });
    console.log(`real, paired: ${paired.noChange} upgrades that change nothing, ${paired.regressed} with the injected slowdown`);
    const pairedResult = {
      design: `paired: a baseline redis-server and the changed one driven at the same time, ${paired.seconds} s runs cut into ${pairedSlices} slices, more rounds of both on an inconclusive look; the two servers swap roles every upgrade; ${pinning.note}`,
      core: pinning.core,
      noChange: summarise(
        await realTrials(servers, paired.noChange, 0, pairedWorkloads, pairedDesign, pairedOptions('paired-same')),
        false,
      ),
      regressed: summarise(
        await realTrials(servers, paired.regressed, injected, pairedWorkloads, pairedDesign, pairedOptions('paired-slow')),
        true,
      ),
    };
    const interleavedDesign = { kind: 'interleaved' as const, rounds: interleaved.rounds };
    const short = trialsOf(interleaved.seconds / interleaved.rounds, 0.1);
    const one = servers.slice(0, 1);
    const interleavedResult = {
      design: `one server, ${interleaved.rounds} rounds of ${interleaved.seconds / interleaved.rounds} s runs per side and workload, before and after taking turns`,
      noChange: summarise(await realTrials(one, interleaved.noChange, 0, short, interleavedDesign, options('real-same')), false),
      regressed: summarise(await realTrials(one, interleaved.regressed, injected, short, interleavedDesign, options('real-slow')), true),
    };
    const full = trialsOf(sequential.seconds, 0.5);
    const sequentialDesign = { kind: 'sequential' as const };
    const sequentialResult = {
      design: `one server, one ${sequential.seconds} s run per side and workload: every workload before, then every workload after`,
      noChange: summarise(await realTrials(one, sequential.trials, 0, full, sequentialDesign, options('real-seq-same')), false),
      regressed: summarise(await realTrials(one, sequential.trials, injected, full, sequentialDesign, options('real-seq-slow')), true),
    };
    return {
      server: `redis-server ${servers[0]!.version}, local, two of them`,
      paired: pairedResult,
      interleaved: interleavedResult,
      sequential: sequentialResult,
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await nodes.stop();
  }
}
