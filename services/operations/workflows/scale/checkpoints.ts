import { checkpointsOf } from '../../checkpoints';

/** What each step of a scale-out records. */
export interface ScaleCheckpoints {
  'plan-nodes': { planned: Array<{ name: string; region: string; zone: string }>; nodesPerRegion: number };
  'create-nodes': object;
  'sync-data': { syncRounds: number };
  'join-cluster': object;
}

export const scaleCheckpoints = checkpointsOf<'scale', ScaleCheckpoints>();
