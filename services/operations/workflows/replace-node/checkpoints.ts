import { checkpointsOf } from '../../checkpoints';
import type { NodeRole } from '../../../core/types';
import type { HandoverProgress } from '../primary-handover';

/** What each step of a node replacement records. */
export interface ReplaceNodeCheckpoints {
  /**
   * The old node's role when the replacement began: a resumed operation knows whether it replaces a
   * primary. `recovered`: a NodeDown remediation whose node answers its probe again when it runs, so
   * nothing is replaced (why, in words).
   */
  check: { role: NodeRole; waitingSince: string; recovered: string };
  'create-replacement': { replacement: string };
  'sync-data': { syncRounds: number };
  'switch-over': HandoverProgress;
  'retire-old': object;
}

export const replaceNodeCheckpoints = checkpointsOf<'replace_node', ReplaceNodeCheckpoints>();
