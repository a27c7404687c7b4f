import { LocalBenchNodes } from '../runner/local-nodes';
import { canaryTrials } from './canary-trials';
import { realCanaryCluster } from './real-canary-cluster';
import { summariseCanary } from './outcomes';
import { CALIBRATION_ROUNDS } from '../../services/operations/workflows/upgrade/paired-reads';

export interface RealCanaryPlan {
  noChange: number;
  regressed: number;
  /** Seconds of each paired run: the upgrade's `benchmarkSeconds`. */
  seconds: number;
  /** The read-carrying standard workloads judged (the first N). */
  workloads: number;
  injected: number;
  /** The CPU core the servers share (null: not pinned). */
  core: number | null;
  /** Servers in the cluster: three (a primary and two replicas) or two (the primary the baseline). */
  nodes: 2 | 3;
  thresholdPercent: number;
  label: string;
  /** No upgrade is started after this many minutes (0: no limit), shared by both kinds; the figures count the ones done. */
  minutes: number;
}

/**
 * The upgrade workflow's canary step on real servers: a local Redis cluster of the run's own (three
 * nodes, or two with the primary the baseline: realCanaryCluster), each upgrade calibrated and judged with the product's own functions
 * (canaryTrials), `noChange` upgrades that change nothing and `regressed` with the canary slowed
 * by `injected`. Null when none is asked for.
 */
export async function realCanarySection(plan: RealCanaryPlan) {
  if (plan.noChange + plan.regressed === 0) return null;
  const nodes = new LocalBenchNodes();
  try {
    const cluster = await realCanaryCluster(nodes, plan.core, plan.nodes);
    const started = performance.now();
    const capMs = plan.minutes > 0 ? plan.minutes * 60_000 : Infinity;
    // Each kind gets its share of the time, so a capped run still measures both.
    const share = (capMs * plan.noChange) / (plan.noChange + plan.regressed);
    const options = (label: string, stopAt: number) => ({
      thresholdPercent: plan.thresholdPercent,
      seconds: plan.seconds,
      label: `${plan.label}-${label}`,
      firstTrial: 0,
      cluster,
      workloadCount: plan.workloads,
      stopAt,
      progressEvery: 25,
      besideWithoutDrift: true,
    });
    const noChange = await canaryTrials(plan.noChange, 1, options('real-canary-same', started + share));
    const regressed = await canaryTrials(plan.regressed, 1 + plan.injected, options('real-canary-slow', started + capMs));
    return {
      design: `the canary step on ${cluster.describe}: the reads of ${plan.workloads} read-carrying standard workload(s) at the canary replica beside the baseline ${plan.nodes === 3 ? 'replica' : 'primary'}, ${plan.seconds} s runs (the upgrade's benchmarkSeconds), ${CALIBRATION_ROUNDS} calibration rounds before the change, reruns of both on an inconclusive look; Yuen's test on the middle 60% of the slices with the pair's drift between rounds taken in; beside it the same upgrades judged without that drift (the design before)`,
      ...summariseCanary(noChange, regressed),
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await nodes.stop();
  }
}
