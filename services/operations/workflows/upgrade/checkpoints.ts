import { checkpointsOf } from '../../checkpoints';
import type { NodeBefore } from './params';
import type { WorkloadComparison } from './gate';
import type { GateVerdictName } from '../../../upgrades/upgrade-gate';
import type { RollingProgress } from './rolling-change';

/** What each step of an upgrade records. */
export interface UpgradeCheckpoints {
  preflight: { nodes: NodeBefore[] };
  'before-benchmark': { runs: Record<string, string> };
  'roll-nodes': RollingProgress;
  'after-benchmark': { runs: Record<string, string> };
  compare: {
    verdict: GateVerdictName;
    reasons: string[];
    thresholdPercent: number;
    alpha: number;
    comparisons: WorkloadComparison[];
    /** Run ids by workload of each rerun of the after-benchmark the gate asked for. */
    reruns: Array<Record<string, string>>;
  };
  rollback: RollingProgress;
}

export const upgradeCheckpoints = checkpointsOf<'upgrade', UpgradeCheckpoints>();
