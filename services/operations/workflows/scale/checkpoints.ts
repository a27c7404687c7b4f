import { checkpointsOf } from '../../checkpoints';

/** A node the plan adds or removes. */
export interface PlacedNode {
  name: string;
  region: string;
  zone: string;
}

/** What each step of a scale records. */
export interface ScaleCheckpoints {
  /** `planned` join (scale out), `leaving` go (scale in); never both. `skipped`: why a playbook's scale-out added nothing. */
  'plan-nodes': { planned: PlacedNode[]; leaving: PlacedNode[]; nodesPerRegion: number; skipped: string };
  'create-nodes': object;
  'sync-data': { syncRounds: number };
  'join-cluster': object;
  /** When the leaving nodes' data started moving, and how many rounds the remaining nodes were not yet serving. */
  'drain-nodes': { startedAt: number; rounds: number };
  'remove-nodes': { removed: string[] };
}

export const scaleCheckpoints = checkpointsOf<'scale', ScaleCheckpoints>();
