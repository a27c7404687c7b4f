import { checkpointsOf } from '../../checkpoints';

/** What each step of a restore drill records. */
export interface RestoreDrillCheckpoints {
  restore: { scratchClusterId: string; provisionOperationId: string };
  verify: { mismatches: string[] };
  destroy: object;
}

export const restoreDrillCheckpoints = checkpointsOf<'restore_drill', RestoreDrillCheckpoints>();
