import type { EngineName, FailoverManagerInfo, NodeRole, NodeState } from '../core/types';
import type { BackupArtifact, BackupKind, RestoreSource } from '../core/engine-port';
import type { ProviderKind } from '../core/regions';
import type { ProviderCapability } from './capabilities';
import type { NodeObserver } from './observed-node';

/**
 * The Provider port: where nodes run. One adapter per kind (local processes, the simulated cloud,
 * servers that run elsewhere), chosen per region by the regions file. Each declares its
 * `capabilities` (capabilities.ts); callers ask for a capability, never for a class or kind.
 *
 * Contract (checked by test/contract/provider.contract.test.ts for every adapter):
 * - createNode is idempotent by request.name: calling it again for a name that exists returns the
 *   existing node and creates nothing. It returns promptly; the node may still be 'pending'.
 * - describeNode returns null for an id it never created or that was destroyed and forgotten.
 * - destroyNode is idempotent; destroying a missing node is not an error. After it, no process,
 *   port or data directory of the node remains (local) and the node reads 'terminated' or null.
 * - start/stop/restart act on an existing node and return its new description.
 * - changeNode changes one node in place (stop → change → start): same providerId, host, port, role
 *   and data; it returns like restartNode (running, or 'pending' while it boots) reporting the new
 *   version / instance type / kernel. It is idempotent: a node that already has the change and runs
 *   is returned without a restart, so a retried upgrade step does no harm. Moving back to the
 *   previous value is a change like any other (a rollback). A change the adapter cannot make
 *   (a version it cannot run, a major upgrade needing a data migration) is refused with
 *   UnprocessableError before the node is touched; invalid input (no field, a protected setting)
 *   with InputError.
 * - Credentials in requests are never logged nor returned.
 * - A call that needs a capability the adapter does not declare is refused with
 *   MissingCapabilityError (a 422 naming the capability) before anything is touched: createNode
 *   (createsNodes), destroyNode (destroysNodes), start/stop/restart (restartsNodes), changeNode (the
 *   changes* capability of each field), followPrimary (switchesOver), adoptNode (adoptsNodes).
 * - Without runsRealServers the adapter provides `observer` (health and benchmarks read its nodes
 *   through it) and every node it reports is labelled simulated.
 */
export interface NodeRequest {
  /** Unique across the fleet and stable across retries, e.g. "orders-cache-us-east-1-0". */
  name: string;
  clusterId: string;
  clusterName: string;
  engine: EngineName;
  version: string;
  instanceType: string;
  region: string;
  zone: string;
  role: NodeRole;
  /** The node a replica follows (Redis replicaof, PostgreSQL streaming replication). */
  primary?: { host: string; port: number };
  /** Generated cluster credential (requirepass / superuser password). */
  password: string;
  settings: Record<string, string | number | boolean>;
  /** Expected data on this node, used by the simulator for disk use and copy times. */
  dataGb: number;
  /** A primary made from a backup of another cluster instead of empty (backsUpData). */
  restoreFrom?: RestoreSource;
}

/** One backup of a node into the provider's repository: idempotent by `tag` (the operation's id). */
export interface NodeBackupRequest {
  kind: BackupKind;
  tag: string;
  /** The cluster credential, for engines whose backup tool logs in. */
  password: string;
  /** The admin user that password belongs to (an adopted server's `_snapshot` API logs in as it). */
  username?: string;
}

/** A node's data made again in place (restoresInPlace): a primary from the backup, a replica from its primary. */
export interface NodeRestoreRequest {
  source: RestoreSource;
  /** The cluster's credential, which the node keeps (a replica copies its primary with it). */
  password: string;
  /** The node a replica copies (default: the one it follows). */
  primary?: { host: string; port: number };
}

/** What changeNode changes; at least one field. Settings merge into those set by earlier changes. */
export interface NodeChange {
  /** A software version of the same engine (an upgrade, or a rollback to the previous one). */
  version?: string;
  /** Hardware: the simulator stops and starts the VM on the new type; local nodes only record it. */
  instanceType?: string;
  /** The base image / kernel; local nodes run on this machine's and refuse another. */
  kernelVersion?: string;
  /** Engine configuration (redis.conf / postgresql.conf names); the simulator records none. */
  settings?: Record<string, string | number | boolean>;
  /** The engine already took these settings at runtime: record them for the next start, without a restart. */
  live?: boolean;
}

export interface ProviderNode {
  providerId: string;
  name: string;
  region: string;
  zone: string;
  host: string;
  port: number;
  state: NodeState;
  engine: EngineName;
  softwareVersion: string;
  kernelVersion: string;
  instanceType: string;
  launchedAt: Date;
}

/** A server that already runs elsewhere, registered as a node of an adopted cluster. */
export interface AdoptedNodeRequest {
  /** Unique across the fleet, like a created node's name. */
  name: string;
  clusterId: string;
  engine: EngineName;
  /** What the server runs, as its engine reports it. */
  version: string;
  region: string;
  zone: string;
  role: NodeRole;
  host: string;
  port: number;
}

export const ProviderEventTypes = ['retirement_scheduled', 'node_failed', 'node_recovered'] as const;
export type ProviderEventType = (typeof ProviderEventTypes)[number];

/** The engine's own HA manager for one cluster, started beside its nodes (runsFailoverManager). */
export interface FailoverManagerRequest {
  clusterId: string;
  /** The name the manager watches the primary by (Sentinel's master name). */
  clusterName: string;
  engine: EngineName;
  primary: { host: string; port: number };
  /** The cluster credential: the manager logs in to the nodes with it and asks it of its own clients. */
  password: string;
  /** The zones of the cluster's nodes: one manager per zone, as far as they go. */
  zones: string[];
  /** A manager that can (Patroni) makes each commit wait for a synchronous replica. */
  synchronous?: boolean;
}

export interface ProviderEvent {
  type: ProviderEventType;
  providerId: string;
  at: Date;
  /** For a retirement: when the provider will stop the node itself. */
  deadline?: Date;
  detail: string;
}

/** What a modelled HA manager did about a primary; times in the modelled cluster's milliseconds. */
export type ModelledFailover =
  | { state: 'primary-up' }
  | { state: 'electing'; manager: string; why: string }
  | { state: 'promoted'; manager: string; managerKind: string; newPrimary: string; unavailableMs: number }
  | { state: 'failed'; manager: string; why: string };

/**
 * What a modelled HA manager made of a planned switchover asked at one moment, as it stands now.
 * `candidates`: the replicas (provider ids) it could promote now, best first. Times in the modelled
 * cluster's milliseconds, except `leadsAt`, the real moment the new primary leads.
 */
export type ModelledSwitchover =
  | { state: 'refused'; manager: string; why: string; primaryDown: boolean; candidates: string[] }
  | { state: 'switching'; manager: string; why: string; to: string; leadsAt: Date; candidates: string[] }
  | { state: 'switched'; manager: string; managerKind: string; newPrimary: string; unavailableMs: number; candidates: string[] };

export interface Provider {
  readonly kind: ProviderKind;
  /** What this adapter can do; see capabilities.ts. */
  readonly capabilities: ReadonlySet<ProviderCapability>;
  /** Present exactly when runsRealServers is not declared: how its nodes are seen without a probe. */
  readonly observer?: NodeObserver;
  supportsEngine(engine: EngineName): boolean;
  /** Versions this provider can run for an engine; null means any version of the engine's catalog. */
  availableVersions(engine: EngineName): Promise<string[] | null>;
  /** The kernels (base images) a node here can run: the only values a kernel upgrade may ask for. */
  kernelVersions(): readonly string[];
  createNode(request: NodeRequest): Promise<ProviderNode>;
  describeNode(providerId: string): Promise<ProviderNode | null>;
  startNode(providerId: string): Promise<ProviderNode>;
  stopNode(providerId: string): Promise<ProviderNode>;
  restartNode(providerId: string): Promise<ProviderNode>;
  /** One step of a rolling change: see the contract above. */
  changeNode(providerId: string, change: NodeChange): Promise<ProviderNode>;
  destroyNode(providerId: string): Promise<void>;
  /** A switchover: the node follows `primary`, or is a primary itself when null (switchesOver). */
  followPrimary(providerId: string, primary: { host: string; port: number } | null): Promise<void>;
  /** Registers a server that already runs elsewhere (adoptsNodes); idempotent by request.name. */
  adoptNode(request: AdoptedNodeRequest): Promise<ProviderNode>;
  listNodes(filter?: { clusterId?: string }): Promise<ProviderNode[]>;
  /**
   * Backs a node up into the repository (backsUpData); returns what the repository holds for the
   * tag, or 'busy' while another backup of the cluster is still running. Absent: no backups.
   */
  backUpNode?(providerId: string, request: NodeBackupRequest): Promise<BackupArtifact | 'busy'>;
  /** With backsUpData: whether it backs up this engine's nodes (absent: every engine it runs). */
  backsUpEngine?(engine: EngineName): boolean;
  /** With backsUpData: why an engine it does not back up is backed up elsewhere, for the refusal (e.g. Medusa). */
  backupElsewhere?(engine: EngineName): string | null;
  /**
   * Removes the node's cluster's backups beyond the newest `keepFull` full ones; returns the labels
   * kept. `login` is the cluster's admin login, for repositories reached through the engine itself.
   */
  expireBackups?(providerId: string, keepFull: number, login?: { username: string; password: string }): Promise<string[]>;
  /**
   * Stops the node, makes its data again in its own directory (a primary from `source`, a replica
   * from its primary), and starts it on the same endpoint with its own configuration
   * (restoresInPlace). Repeating it makes the data again from the start.
   */
  restoreNodeInPlace?(providerId: string, request: NodeRestoreRequest): Promise<ProviderNode>;
  /**
   * Makes the node's disk `diskGb` (growsDisks), in place and without a restart; idempotent, and
   * never smaller: asking for less than it has answers what it has. Returns the node's disk now.
   */
  growDisk?(providerId: string, diskGb: number): Promise<{ diskGb: number }>;
  events(since: Date): Promise<ProviderEvent[]>;
  /**
   * Starts the engine's HA manager for a cluster (three Redis Sentinels, quorum 2); idempotent. A
   * string instead when it cannot run here (its binary is missing): the cluster then runs without
   * automatic failover, and says why. Absent: the provider runs no HA manager.
   */
  ensureFailoverManager?(request: FailoverManagerRequest): Promise<FailoverManagerInfo | { unavailable: string }>;
  /** Why a new cluster of this engine would get no HA manager here (turned off, binary missing), or null when it would. */
  failoverManagerUnavailable?(engine: EngineName): string | null;
  /** Stops and removes a cluster's HA manager; idempotent. */
  destroyFailoverManager?(clusterId: string): Promise<void>;
  /**
   * With an HA manager that runs the nodes (Patroni): every node taken back from it (its manager
   * stopped, the cluster forgotten in the manager's store), the primary at `primary` last, so their
   * data can be made again as plain servers; ensureFailoverManager hands them over again. False
   * when the cluster's manager runs no nodes (none, Redis Sentinels). Idempotent.
   */
  releaseFailoverManagedNodes?(clusterId: string, primary: { host: string; port: number }): Promise<boolean>;
  /**
   * A provider that models the engine's HA manager itself (the simulated cloud): what that manager
   * has done about this primary. Null: the engine's failover is not modelled (a person fails it over).
   */
  modelledFailover?(primaryProviderId: string): Promise<ModelledFailover | null>;
  /**
   * With modelledFailover: a planned switchover of this primary as the modelled manager carries it
   * out, asked at `askedAt` (to the node `to` when named, else the one it picks). The same request
   * always gives the same answer. Null: the engine's manager is not modelled.
   */
  modelledSwitchover?(primaryProviderId: string, request: { askedAt: Date; to?: string }): Promise<ModelledSwitchover | null>;
  /** Releases what the adapter holds (connections, timers). Does not stop nodes. */
  close(): Promise<void>;
}
