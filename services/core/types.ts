/** The control plane's vocabulary. Plain data; rules live beside it, persistence behind repositories. */

/**
 * An engine's name. The set of engines is the engine registry's (services/engines/registry.ts), not
 * core's: names are checked against it where they enter (API, playbooks), so adding an engine needs
 * no edit here.
 */
export type EngineName = string;

export const Environments = ['test', 'prod'] as const;
export type Environment = (typeof Environments)[number];

export const ClusterStatuses = ['PROVISIONING', 'ACTIVE', 'UPDATING', 'FAILED', 'DECOMMISSIONING', 'DECOMMISSIONED'] as const;
export type ClusterStatus = (typeof ClusterStatuses)[number];

export const NodeStates = ['pending', 'running', 'stopped', 'failed', 'terminated'] as const;
export type NodeState = (typeof NodeStates)[number];

export interface Team {
  id: string;
  name: string;
  email: string;
  chatChannel: string | null;
  pagingKey: string | null;
  isPlatform: boolean;
  createdAt: Date;
}

export interface Sla {
  p99ReadMs: number;
  p99WriteMs: number;
  availability: number; // e.g. 99.99
}

export interface MaintenanceWindow {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  start: string; // HH:MM, local to timeZone
  durationMinutes: number;
  timeZone: string; // IANA name, e.g. Europe/Dublin
}

export interface ClusterSpec {
  version: string;
  /** Nodes in each region. */
  nodesPerRegion: number;
  instanceType: string;
  replicationFactor: number;
  /** Capacity the engine may fill before it is considered full (a third of disk for Cassandra, etc.). */
  usableCapacityGb: number;
  /** Each node's disk when it was grown beyond its instance type's (absent: the type's own). */
  diskGb?: number;
  settings: Record<string, string | number | boolean>;
  /** Every commit waits until a replica holds it (asked for at create time; absent: asynchronous). */
  synchronousReplication?: boolean;
}

export interface Cluster {
  id: string;
  name: string;
  engine: EngineName;
  environment: Environment;
  regions: string[];
  ownerTeamId: string;
  ownerTeamName: string;
  contacts: string[];
  expectedDataGb: number;
  spec: ClusterSpec;
  status: ClusterStatus;
  statusReason: string | null;
  sla: Sla;
  maintenanceWindow: MaintenanceWindow | null;
  tags: Record<string, string>;
  simulated: boolean;
  /** A clone: the cluster and backup it was restored from (and the point in time, for PostgreSQL). */
  origin?: ClusterOrigin | null;
  /** The engine's own HA manager watching the cluster (Redis Sentinel), or null. */
  failoverManager?: FailoverManagerInfo | null;
  /** Why the cluster has no automatic failover, when it has none but its engine could. */
  failoverNote?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Where a client and Datafleet find a cluster's HA manager: every address, the name it watches the primary by. */
export interface FailoverManagerInfo {
  /** Redis Sentinel (three sentinels), or Patroni (its etcd store is what `endpoints` lists). */
  kind: 'sentinel' | 'patroni';
  masterName: string;
  quorum: number;
  endpoints: { host: string; port: number; zone: string }[];
}

export interface ClusterOrigin {
  clusterId: string;
  clusterName: string;
  backupId: string;
  /** The point in time it was restored to; absent: the end of the backup. */
  to?: string;
  /** A restore drill's scratch cluster: the drill that made it (and destroys it). */
  drillId?: string;
}

export const NodeRoles = ['primary', 'replica', 'member'] as const;
export type NodeRole = (typeof NodeRoles)[number];

export interface ClusterNode {
  id: string;
  clusterId: string;
  name: string;
  region: string;
  zone: string;
  role: NodeRole;
  provider: string;
  providerId: string | null;
  host: string | null;
  port: number | null;
  state: NodeState;
  softwareVersion: string;
  kernelVersion: string;
  instanceType: string;
  simulated: boolean;
  launchedAt: Date | null;
  terminatedAt: Date | null;
}

/**
 * Remediation is not a type of its own: a playbook starts a restart_node, replace_node or scale
 * operation at remediation priority (services/alerts/remediation-starter.ts).
 */
export const OperationTypes = [
  'provision',
  'decommission',
  'scale',
  'upgrade',
  'replace_node',
  'restart_node',
  'noop',
  'benchmark',
  'database_user',
  'rotate_credential',
  'retire_credential',
  'backup',
  'restore_drill',
  'restore_in_place',
  'change_settings',
  'rolling_restart',
  'resize',
  'grow_storage',
  'switchover',
] as const;
export type OperationType = (typeof OperationTypes)[number];

/**
 * `rolled_back`: the operation did what it is designed to do when its own check says no (an
 * upgrade whose benchmark gate found a regression put every node back); `failed` is kept for
 * operations that could not do what they meant to, a failed rollback included.
 */
export const OperationStatuses = ['pending', 'running', 'succeeded', 'rolled_back', 'failed', 'cancelled'] as const;
export type OperationStatus = (typeof OperationStatuses)[number];
export type FinishedOperationStatus = Exclude<OperationStatus, 'pending' | 'running'>;
export const TerminalOperationStatuses: readonly FinishedOperationStatus[] = ['succeeded', 'rolled_back', 'failed', 'cancelled'];
export const isFinishedOperationStatus = (status: OperationStatus): status is FinishedOperationStatus =>
  (TerminalOperationStatuses as readonly OperationStatus[]).includes(status);

export const StepStatuses = ['pending', 'running', 'waiting', 'done', 'failed', 'skipped'] as const;
export type StepStatus = (typeof StepStatuses)[number];

export interface OperationStep {
  index: number;
  name: string;
  status: StepStatus;
  /** What the step has durably achieved so far; a resumed step reads it to avoid redoing work. */
  checkpoint: Record<string, unknown>;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

export interface Operation {
  id: string;
  clusterId: string;
  type: OperationType;
  status: OperationStatus;
  requestedBy: string;
  reason: string;
  params: Record<string, unknown>;
  priority: number;
  attempts: number;
  error: string | null;
  cancelRequested: boolean;
  steps: OperationStep[];
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface AuditEvent {
  id: string;
  at: Date;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
  before: unknown;
  after: unknown;
}
