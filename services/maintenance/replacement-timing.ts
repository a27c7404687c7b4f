import type { ClusterRecord } from '../fleet/cluster-record';
import type { MaintenanceWindow } from '../core/types';
import { nextWindow } from '../fleet/maintenance-window';

/** A planning figure for how fast a new node copies its data: half the simulator's rate, to be safe. */
const PLANNING_COPY_MB_PER_S = 100;
/** Whatever the copy estimate, the replacement starts at least this long before the provider's deadline. */
const MIN_DEADLINE_MARGIN_MS = 60 * 60_000;

export interface ReplacementTiming {
  /** When the operation may start; null = at once. */
  notBefore: Date | null;
  /** What the owner is told: the window's opening, or now. */
  scheduledFor: Date;
  /** The window opens too late for the deadline, so the replacement runs at once instead. */
  asap: boolean;
  /** One sentence for the notice. */
  why: string;
}

/**
 * How long copying one node's data may take, in real time. `timeScale` is the provider's seconds
 * per real second: 1 for real servers, the simulator's scale when its clock runs faster.
 */
export function copyEstimateMs(cluster: Pick<ClusterRecord, 'expectedDataGb' | 'spec'>, timeScale: number): number {
  const seconds = ((cluster.expectedDataGb / Math.max(1, cluster.spec.nodesPerRegion)) * 1024) / PLANNING_COPY_MB_PER_S;
  return (seconds * 1000) / timeScale;
}

/**
 * When to replace a node: at the next opening of the cluster's maintenance window, unless that is
 * too late to finish before the provider's deadline (less a margin of twice the copy estimate, at
 * least an hour), in which case at once. A cluster without a window accepts changes at any time,
 * so its replacement also runs at once.
 */
export function planReplacementTiming(input: {
  window: MaintenanceWindow | null;
  now: Date;
  deadline: Date | null;
  copyMs: number;
}): ReplacementTiming {
  const { window, now, deadline } = input;
  if (!window) return { notBefore: null, scheduledFor: now, asap: false, why: 'at once: the cluster has no maintenance window' };
  const next = nextWindow(window, now);
  const label = `${window.day} ${window.start} ${window.timeZone}`;
  const latestStart = deadline ? new Date(deadline.getTime() - Math.max(MIN_DEADLINE_MARGIN_MS, 2 * input.copyMs)) : null;
  if (latestStart && next.opens > latestStart) {
    return {
      notBefore: null,
      scheduledFor: now,
      asap: true,
      why: `as soon as possible: the next maintenance window (${label}) opens ${next.opens.toISOString()}, too late to finish copying before the provider's deadline`,
    };
  }
  if (next.openNow) return { notBefore: null, scheduledFor: now, asap: false, why: `now: the maintenance window (${label}) is open` };
  return { notBefore: next.opens, scheduledFor: next.opens, asap: false, why: `in the maintenance window (${label})` };
}
