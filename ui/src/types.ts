export interface Cluster {
  id: string;
  name: string;
  engine: string;
  environment: string;
  regions: string[];
  owner: { id: string; name: string };
  contacts: string[];
  version: string;
  instanceType: string;
  nodeCount: number;
  status: string;
  statusReason: string | null;
  sla: { p99ReadMs: number; p99WriteMs: number; availability: number };
  maintenanceWindow: { day: string; start: string; durationMinutes: number; timeZone: string } | null;
  simulated: boolean;
  monthlyCostUsd: number;
  oldestNodeAgeDays: number | null;
  createdAt: string;
  expectedDataGb: number;
  usableCapacityGb: number;
  replicationFactor: number;
}

export interface ClusterNode {
  id: string;
  name: string;
  role: string;
  region: string;
  zone: string;
  host: string | null;
  port: number | null;
  state: string;
  softwareVersion: string;
  kernelVersion: string;
  instanceType: string;
  launchedAt: string | null;
  ageDays: number | null;
  simulated: boolean;
}

export interface ClusterDetail extends Cluster {
  nodes: ClusterNode[];
  connection: string;
}

export interface Operation {
  id: string;
  clusterId: string;
  type: string;
  status: string;
  requestedBy: string;
  reason: string;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  steps: Array<{ index: number; name: string; status: string; attempts: number; error: string | null }>;
}

export interface Team {
  id: string;
  name: string;
  email: string;
  chatChannel: string | null;
  isPlatform: boolean;
}

export interface Region {
  name: string;
  provider: string;
  simulated: boolean;
  zones: string[];
  engines: string[];
}

export interface Engine {
  name: string;
  displayName: string;
  recommended: string;
  versions: Array<{ version: string }>;
}
