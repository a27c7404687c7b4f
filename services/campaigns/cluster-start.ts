import type { MaintenanceWindow } from '../core/types';
import { remainingChange, startWithinWindow, targetLabel } from './campaign-plan';
import type { Campaign, CampaignClusterRow } from './types';

/**
 * What to do with a waiting cluster of the current wave:
 * - `skip`: it cannot or need not be upgraded (`reason` says why);
 * - `wait`: its maintenance window opens at `opens` (`changed`: the row does not say so yet);
 * - `start`: upgrade it now, from `fromVersion`, with `change` (what of the target it still lacks).
 */
export type ClusterStart =
  | { kind: 'skip'; reason: string }
  | { kind: 'wait'; opens: Date; changed: boolean }
  | { kind: 'start'; fromVersion: string; change: { toVersion?: string; instanceType?: string } };

/** The cluster as the campaign sees it when its turn comes; null when its record is gone. */
export interface ClusterAtTurn {
  status: string;
  spec: { version: string; instanceType: string };
  maintenanceWindow: MaintenanceWindow | null;
}

/** Pure: the tick driver reads the cluster, asks this, and applies the answer. */
export function clusterStart(
  c: Pick<Campaign, 'toVersion' | 'upgradeMinutes'> & { toInstanceType?: string | null },
  row: Pick<CampaignClusterRow, 'status' | 'plannedStart'>,
  cluster: ClusterAtTurn | null,
  now: Date,
  /** Why the cluster's provider cannot make this upgrade (a missing capability), if it cannot. */
  cannot: string | null = null,
): ClusterStart {
  if (!cluster) return { kind: 'skip', reason: 'cluster record missing' };
  if (cluster.status !== 'ACTIVE' && cluster.status !== 'UPDATING') return { kind: 'skip', reason: `cluster is ${cluster.status}` };
  const change = remainingChange(c, cluster.spec);
  if (!change.toVersion && !change.instanceType) return { kind: 'skip', reason: `already on ${targetLabel(c)}` };
  if (cannot) return { kind: 'skip', reason: cannot };
  const opens = startWithinWindow(cluster.maintenanceWindow, now, c.upgradeMinutes);
  if (opens > now) return { kind: 'wait', opens, changed: row.status !== 'scheduled' || row.plannedStart.getTime() !== opens.getTime() };
  return { kind: 'start', fromVersion: cluster.spec.version, change };
}
