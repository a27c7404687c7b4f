import { checkpointsOf } from '../../checkpoints';
import type { NodeBefore } from './params';
import type { WorkloadComparison } from './gate';

/** Each node's progress through a rolling change (see rolling-change.ts); a forward roll and its undo record the same. */
interface RollingProgress {
  finished: string[];
  changing: string | null;
  requested: boolean;
  healthRounds: number;
}

/** What each step of an upgrade records. */
export interface UpgradeCheckpoints {
  preflight: { nodes: NodeBefore[] };
  'before-benchmark': { runs: Record<string, string> };
  'roll-nodes': RollingProgress;
  'after-benchmark': { runs: Record<string, string> };
  compare: { verdict: 'regression' | 'pass'; comparisons: WorkloadComparison[] };
  rollback: RollingProgress;
}

export const upgradeCheckpoints = checkpointsOf<'upgrade', UpgradeCheckpoints>();
