import { checkpointsOf } from '../../checkpoints';
import type { NodeBefore } from './params';
import type { WorkloadComparison } from './gate';
import type { GateVerdictName } from '../../../upgrades/upgrade-gate';
import type { RollingProgress } from './rolling-change';
import type { CanaryPair } from './canary-pair';
import type { PairedRound } from './paired-reads';

/** A judgement of the gate, as a step records it. */
export interface GateRecord {
  verdict: GateVerdictName;
  reasons: string[];
  thresholdPercent: number;
  alpha: number;
  comparisons: WorkloadComparison[];
}

/** What each step of an upgrade records. */
export interface UpgradeCheckpoints {
  preflight: {
    nodes: NodeBefore[];
    /** The canary and its baseline; null (or absent, in upgrades recorded before the canary step) when measured before and after only. */
    canary: CanaryPair | null;
    /** Why there is no canary pair. */
    sequentialBecause: string | null;
  };
  'before-benchmark': {
    runs: Record<string, string>;
    /**
     * The canary pair's reads measured together before anything changed, round by round
     * (CALIBRATION_ROUNDS): how the two nodes differ on their own. One round in upgrades recorded
     * before there were three (read it with `calibrationRounds`).
     */
    calibration: PairedRound[] | PairedRound;
  };
  'roll-canary': RollingProgress;
  canary: GateRecord & {
    /** Run ids of each round of the canary pair: the first, then the reruns the gate asked for. */
    rounds: PairedRound[];
  };
  'roll-nodes': RollingProgress;
  'after-benchmark': { runs: Record<string, string> };
  compare: GateRecord & {
    /** Run ids by workload of each rerun of the after-benchmark the gate asked for. */
    reruns: Array<Record<string, string>>;
  };
  rollback: RollingProgress;
}

export const upgradeCheckpoints = checkpointsOf<'upgrade', UpgradeCheckpoints>();
