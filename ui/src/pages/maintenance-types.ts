/** Response shapes of the maintenance endpoints (services/api/routes/maintenance.ts). */

/** A message to the owner about a replacement: when it was planned, moved, and how it ended. */
export interface MaintenanceNotice {
  kind: 'scheduled' | 'rescheduled' | 'succeeded' | 'failed';
  channel: string | null;
  at: string;
  delivered: boolean;
  detail: string;
  text: string;
}

/** GET /api/maintenance/upcoming and /api/clusters/:ref/maintenance: one planned node replacement. */
export interface PlannedReplacement {
  cluster: string;
  node: string;
  reason: 'retirement' | 'age';
  scheduledFor: string;
  deadline: string | null;
  operationId: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** The next window opened too late for the deadline, so it runs at once. */
  asap: boolean;
  detail: string;
  notices: MaintenanceNotice[];
}

/** GET /api/nodes/oldest */
export interface OldNode {
  cluster: string;
  node: string;
  engine: string;
  launchedAt: string;
  ageDays: number;
  retirementDeadline: string | null;
}
