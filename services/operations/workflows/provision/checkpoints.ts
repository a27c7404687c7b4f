import { checkpointsOf } from '../../checkpoints';
import type { PlannedNode } from '../node-plan';

/** What each step of a provision records. */
export interface ProvisionCheckpoints {
  'plan-nodes': { nodes: PlannedNode[] };
  'create-nodes': { created: string[]; restoreWaits: number };
  'wait-for-nodes': { waitingSince: number };
  'form-cluster': object;
  'verify-health': { probeRounds: number; standbyRounds: number };
  activate: object;
}

export const provisionCheckpoints = checkpointsOf<'provision', ProvisionCheckpoints>();
