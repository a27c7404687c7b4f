/** The parts of the API's answers the CLI prints (see services/api/README.md). */
export interface ClusterView {
  id: string;
  name: string;
  engine: string;
  version: string;
  environment: string;
  regions: string[];
  nodeCount: number;
  instanceType: string;
  owner: { name: string };
  status: string;
  statusReason: string | null;
  monthlyCostUsd: number;
  oldestNodeAgeDays: number | null;
  simulated: boolean;
  sla: { p99ReadMs: number; p99WriteMs: number; availability: number };
  maintenanceWindow: { day: string; start: string; durationMinutes: number; timeZone: string } | null;
  connection?: string;
  nodes?: Array<{ name: string; role: string; zone: string; host: string | null; port: number | null; state: string; softwareVersion: string; launchedAt: string | null }>;
}

export interface OperationView {
  id: string;
  clusterId: string;
  type: string;
  status: string;
  requestedBy: string;
  reason: string;
  error: string | null;
  createdAt: string;
  steps: Array<{ index: number; name: string; status: string; attempts: number; error: string | null }>;
}

export interface TeamView {
  id: string;
  name: string;
  email: string;
  chatChannel: string | null;
  pagingKey: string | null;
  isPlatform: boolean;
}
