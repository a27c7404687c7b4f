import type { Cluster } from '../core/types';

/** A cluster as the fleet reads it: its row plus what is counted from its nodes. */
export interface ClusterRecord extends Cluster {
  nodeCount: number;
  monthlyCostUsd: number;
  oldestNodeAt: Date | null;
}
