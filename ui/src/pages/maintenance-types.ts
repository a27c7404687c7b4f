/** Response shapes of the maintenance endpoints (services/api/routes/maintenance.ts). */

/** GET /api/maintenance/upcoming and /api/clusters/:ref/maintenance */
export interface UpcomingMaintenance {
  cluster: string;
  node: string;
  reason: 'retirement' | 'age';
  scheduledFor: string;
  deadline: string | null;
  operationId: string;
  status: string;
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
