import { runBenchmark, writeResults } from '../lib/report';
import { standardWorkload, StandardWorkloadNames, withDuration } from '../../services/workload/standard';
import { DEFAULT_ALPHA } from '../../services/upgrades/upgrade-gate';
import { MAX_GATE_RERUNS } from '../../services/operations/workflows/upgrade/compare-step';
import { simulatedTrials } from './simulated-trials';
import { canaryTrials, SIM_RUN_DRIFT } from './canary-trials';
import { realSection } from './real-section';
import { realCanarySection } from './real-canary-section';
import { DEFAULT_BENCHMARK_SECONDS } from '../../services/operations/workflows/upgrade/params';
import { summarise, summariseCanary } from './outcomes';
import { CALIBRATION_ROUNDS } from '../../services/operations/workflows/upgrade/paired-reads';
import { lastCore } from './shared-core';

const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
};
const simNoChange = numberFrom('GATE_SIM_NO_CHANGE', 1000);
const simRegressed = numberFrom('GATE_SIM_REGRESSED', 300);
/** Simulated upgrades judged as the workflow's canary step judges them: the canary beside a baseline, calibrated before the change. */
const simCanaryNoChange = numberFrom('GATE_SIM_CANARY_NO_CHANGE', 1000);
const simCanaryRegressed = numberFrom('GATE_SIM_CANARY_REGRESSED', 300);
/** Real upgrades judged by the canary step itself, on a local Redis cluster of the run's own. */
const realCanaryNoChange = numberFrom('GATE_REAL_CANARY_NO_CHANGE', 200);
const realCanaryRegressed = numberFrom('GATE_REAL_CANARY_REGRESSED', 100);
const realCanarySeconds = numberFrom('GATE_REAL_CANARY_SECONDS', DEFAULT_BENCHMARK_SECONDS);
const realCanaryWorkloads = numberFrom('GATE_REAL_CANARY_WORKLOADS', 1);
const realCanaryMinutes = numberFrom('GATE_REAL_CANARY_MINUTES', 0);
/** 3: a primary and two replicas; 2: a primary and one replica, the primary the canary's baseline. */
const realCanaryNodes = numberFrom('GATE_REAL_CANARY_NODES', 3);
if (realCanaryNodes !== 2 && realCanaryNodes !== 3) throw new Error('GATE_REAL_CANARY_NODES must be 2 or 3');
const realCanaryNodeCount: 2 | 3 = realCanaryNodes;
/** Real upgrades judged by the paired design: a baseline server and the changed one measured at the same time. */
const pairedNoChange = numberFrom('GATE_PAIRED_NO_CHANGE', 1000);
const pairedRegressed = numberFrom('GATE_PAIRED_REGRESSED', 300);
/** 4 s in slices of 100 ms: 40 slices a side, as many as the product's benchmark cuts a run into (slices.ts). */
const pairedSeconds = numberFrom('GATE_PAIRED_SECONDS', 4);
const pairedSliceMs = numberFrom('GATE_PAIRED_SLICE_MS', 100);
/** The core both paired servers share (default the last; `none`: unpinned, as measured before). */
const pairedCore = process.env.GATE_PAIRED_CORE === 'none' ? null : numberFrom('GATE_PAIRED_CORE', lastCore());
/** Real upgrades stop being started after this many minutes (0: none); the figures count the ones done. */
const realMinutes = numberFrom('GATE_REAL_MINUTES', 0);
const realNoChange = numberFrom('GATE_REAL_NO_CHANGE', 30);
const realRegressed = numberFrom('GATE_REAL_REGRESSED', 30);
/** Upgrades on the real server measured the workflow's way too (before, then after), beside the interleaved ones. */
const realSequential = numberFrom('GATE_REAL_SEQUENTIAL', 10);
const realRounds = numberFrom('GATE_REAL_ROUNDS', 4);
/** How many of the standard workloads the real upgrades run (the first N): real seconds are dear on a shared machine. */
const realWorkloadCount = numberFrom('GATE_REAL_WORKLOADS', StandardWorkloadNames.length);
/** Results file name: `gate`, or another when the simulator and the real server are run as two processes. */
const resultsName = process.env.GATE_RESULTS_NAME ?? 'gate';
const simSeconds = numberFrom('GATE_SIM_SECONDS', 5);
/** The first trial's number (its seeds): several processes can share one set of simulated upgrades, each its own part. */
const simFirstTrial = numberFrom('GATE_SIM_FIRST_TRIAL', 0);
const realSeconds = numberFrom('GATE_REAL_SECONDS', 2);
/** The smallest change worth rolling back, asked of the gate: half the injected regression. */
const thresholdPercent = numberFrom('GATE_THRESHOLD', 5);
const legacyThresholds = [5, 10, 20];
const INJECTED = 0.1;

const SEQUENTIAL = { kind: 'sequential' as const };
const workloadsOf = (seconds: number) =>
  StandardWorkloadNames.map((name) => ({ ...withDuration(standardWorkload(name)!, seconds), warmupSeconds: 0.5 }));

/**
 * bench:gate: the slice gate beside today's gate on the same runs, for upgrades that change nothing
 * and upgrades with an injected +10% regression, on the simulator at scale and on a real local
 * redis-server. Writes benchmarks/results/gate.json.
 */
async function main() {
  const options = { thresholdPercent, legacyThresholds, maxReruns: MAX_GATE_RERUNS };
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 1000);
  console.log(`simulator: ${simNoChange} upgrades that change nothing, ${simRegressed} with +${INJECTED * 100}% (${simSeconds} s runs)`);
  const simWorkloads = workloadsOf(simSeconds);
  const sim = {
    design: 'sequential: each workload before, then each after, as the upgrade workflow runs them',
    noChange: summarise(
      await simulatedTrials(simNoChange, 1, simWorkloads, SEQUENTIAL, {
        ...options,
        p99Ms: 5,
        label: 'sim-same',
        firstTrial: simFirstTrial,
      }),
      false,
    ),
    regressed: summarise(
      await simulatedTrials(simRegressed, 1 + INJECTED, simWorkloads, SEQUENTIAL, {
        ...options,
        p99Ms: 5,
        label: 'sim-slow',
        firstTrial: simFirstTrial,
      }),
      true,
    ),
    seconds: seconds(),
  };

  const canaryStarted = seconds();
  console.log(`simulator, canary: ${simCanaryNoChange} upgrades that change nothing, ${simCanaryRegressed} with +${INJECTED * 100}%`);
  const canary = (label: string) => ({ thresholdPercent, seconds: simSeconds, label, firstTrial: simFirstTrial, besideWithoutDrift: true });
  const simCanary = {
    design: `the canary step: each workload's reads at the canary beside a baseline replica before the change (${CALIBRATION_ROUNDS} calibration rounds) and after the canary alone changed, calibrated paired slices, reruns of both on an inconclusive look; Yuen's test on the middle 60% of the slices with the pair's drift between rounds taken in; beside it the same upgrades judged without that drift (the design before)`,
    ...summariseCanary(
      await canaryTrials(simCanaryNoChange, 1, canary('sim-canary-same')),
      await canaryTrials(simCanaryRegressed, 1 + INJECTED, canary('sim-canary-slow')),
    ),
    seconds: seconds() - canaryStarted,
  };

  console.log(`real, canary step: ${realCanaryNoChange} upgrades that change nothing, ${realCanaryRegressed} with +${INJECTED * 100}%`);
  const realCanary = await realCanarySection({
    noChange: realCanaryNoChange,
    regressed: realCanaryRegressed,
    seconds: realCanarySeconds,
    workloads: realCanaryWorkloads,
    injected: INJECTED,
    core: pairedCore,
    nodes: realCanaryNodeCount,
    thresholdPercent,
    label: resultsName,
    minutes: realCanaryMinutes,
  });

  const real = await realSection({
    paired: { noChange: pairedNoChange, regressed: pairedRegressed, seconds: pairedSeconds, sliceMs: pairedSliceMs, core: pairedCore },
    interleaved: { noChange: realNoChange, regressed: realRegressed, seconds: realSeconds, rounds: realRounds },
    sequential: { trials: realSequential, seconds: realSeconds },
    workloads: workloadsOf(realSeconds).slice(0, Math.max(1, realWorkloadCount)),
    injected: INJECTED,
    gate: options,
    label: resultsName,
    minutes: realMinutes,
  });

  const row = (where: string, kind: string, s: ReturnType<typeof summarise>) => ({
    where,
    upgrades: `${s.trials} ${kind}`,
    'measured p99 / mean change': `${s.measuredChangePercent.p99}% / ${s.measuredChangePercent.mean}%`,
    'slice gate: rolled back': `${s.gate.rollbacks.percent}% (${'upper95' in s.gate.rollbacks ? `≤ ${s.gate.rollbacks.upper95}` : `≥ ${s.gate.rollbacks.lower95}`})`,
    'held (inconclusive)': `${s.gate.heldInconclusive.percent}%`,
    'first look inconclusive': `${s.gate.inconclusiveAtFirstLook.percent}%`,
    "today's gate 5% / 10% / 20%": legacyThresholds.map((t) => (s.legacy[`${t}%`] ? `${s.legacy[`${t}%`]!.percent}%` : '-')).join(' / '),
  });
  const table = [
    row('simulator', 'no change', sim.noChange),
    row('simulator', '+10%', sim.regressed),
    row('simulator, canary', 'no change', simCanary.noChange),
    row('simulator, canary', '+10%', simCanary.regressed),
    row('simulator, canary, without round drift', 'no change', simCanary.withoutDrift.noChange),
    row('simulator, canary, without round drift', '+10%', simCanary.withoutDrift.regressed),
  ];
  if (realCanary)
    table.push(
      row('real redis, canary step', 'no change', realCanary.noChange),
      row('real redis, canary step', '+10%', realCanary.regressed),
      row('real redis, canary step, without round drift', 'no change', realCanary.withoutDrift.noChange),
      row('real redis, canary step, without round drift', '+10%', realCanary.withoutDrift.regressed),
    );
  if (real)
    table.push(
      row('real redis, paired', 'no change', real.paired.noChange),
      row('real redis, paired', '+10%', real.paired.regressed),
      row('real redis, interleaved', 'no change', real.interleaved.noChange),
      row('real redis, interleaved', '+10%', real.interleaved.regressed),
      row('real redis, before then after', 'no change', real.sequential.noChange),
      row('real redis, before then after', '+10%', real.sequential.regressed),
    );
  writeResults(
    resultsName,
    {
      setup: {
        gate: { thresholdPercent, alpha: DEFAULT_ALPHA, maxReruns: MAX_GATE_RERUNS, intervalLevel: 0.95 },
        legacyThresholds,
        injected: `+${INJECTED * 100}%: simulator nodes ${1 + INJECTED}× slower after; real: an extra round trip on ${INJECTED * 100}% of calls after`,
        workloads: StandardWorkloadNames,
        simulator: { firstTrial: simFirstTrial, runSeconds: simSeconds, warmupSeconds: 0.5, p99Ms: 5, nodes: 3 },
        simulatorCanary: {
          firstTrial: simFirstTrial,
          runSeconds: simSeconds,
          nodes: 3,
          nodeP99Ms: 'each node its own, drawn per upgrade between 1.5 and 6 ms',
          runDriftSigma: SIM_RUN_DRIFT,
          injected: 'the canary node 1.1× slower after its change',
        },
        realCanary: {
          seconds: realCanarySeconds,
          workloads: realCanaryWorkloads,
          minutes: realCanaryMinutes,
          nodes: realCanaryNodeCount,
          injected: 'the canary read through a driver making an extra round trip on 10% of calls',
        },
        real: {
          paired: { seconds: pairedSeconds, sliceMs: pairedSliceMs, warmupSeconds: 0.1, minutes: realMinutes, core: pairedCore },
          secondsPerSide: realSeconds,
          rounds: realRounds,
          sequentialTrials: realSequential,
          workloads: realWorkloadCount,
        },
      },
      simulator: sim,
      simulatorCanary: simCanary,
      realCanary,
      real,
    },
    table,
  );
}

runBenchmark(main);
