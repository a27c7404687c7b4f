import type { ClusterSpec, EngineName, Environment, FailoverManagerInfo, NodeRole } from './types';
import type { InstanceType } from './regions';
import type { BackupProfile } from './engine-backups';
import type { AdminCredentialRotation, DatabaseUsers } from './engine-users';
import type { Credentials, NodeEndpoint } from './node-endpoint';
import type { RestoreCheck } from './engine-restore-checks';
import type { SnapshotModel } from './engine-snapshots';
import type { EngineFailover } from './engine-failover';
import type { EngineSettings } from './engine-settings';
import type { LocalRecipe } from './engine-local-recipe';

export * from './engine-backups';
export * from './engine-snapshots';
export * from './node-endpoint';
export * from './engine-users';
export * from './engine-restore-checks';
export * from './engine-failover';
export * from './engine-settings';
export * from './engine-local-recipe';

/*
 * The EngineAdapter port: everything the control plane may know about a datastore, one adapter per
 * engine in services/engines/<engine>/. The types sit in core so that providers, features and the
 * composition root can speak the port without importing an engine (engines/ and providers/ import
 * only core/). Contract: test/contract/engine.contract.test.ts runs it over every registered adapter.
 */

export interface SizingInput {
  expectedDataGb: number;
  regionCount: number;
  environment: Environment;
  /** A version the caller asked for; must be in the catalog. */
  version?: string;
  /** Versions the region's provider can run (null = any in the catalog). */
  availableVersions: string[] | null;
}

/** What a cluster's size-dependent settings are computed from, besides its instance type. */
export interface SizedSettingsInput {
  version: string;
  environment: Environment;
  expectedDataGb: number;
  nodesPerRegion: number;
  replicationFactor: number;
}

/**
 * How an engine turns expected data into instances. Each region holds a full copy of the data
 * (Cassandra NetworkTopologyStrategy, Elasticsearch cross-cluster replicas, Redis/PostgreSQL
 * replicas in every region), so every region is sized for all of expectedDataGb.
 */
export interface SizingProfile {
  engine: EngineName;
  /** The resource the data fills: disk for Cassandra, Elasticsearch and PostgreSQL, memory for Redis. */
  resource: 'diskGb' | 'memoryGb';
  /** Share of that resource the data may use; the rest is headroom the engine needs to work. */
  fillLimit: number;
  /**
   * 'partitioned': data is spread over nodes, so adding nodes adds capacity (Cassandra, Elasticsearch).
   * 'replicated': every node holds everything, so capacity comes only from a bigger instance.
   */
  placement: 'partitioned' | 'replicated';
  /** Copies of each datum in a region, for partitioned engines (Cassandra RF 3, ES 1 primary + 1 replica). */
  copiesPerRegion: number;
  minNodesPerRegion(environment: Environment, expectedDataGb: number): number;
  /** Node counts move in steps of this (Cassandra: whole racks, one per zone). */
  nodeStep: number;
  maxNodesPerRegion: number;
  /** Below this much memory the engine's JVM or caches cannot do their job. */
  minMemoryGb(environment: Environment): number;
  /** What to tell a person whose data is too big for this engine. */
  tooBigAdvice: string;
}

export interface CatalogVersion {
  version: string;
  releasedAt: string; // ISO date
  endOfLife?: string;
  notes?: string;
}

export interface VersionCatalog {
  versions: CatalogVersion[];
  /** Best-practice version for new clusters. */
  recommended: string;
  /** Versions a cluster on `from` may be upgraded to directly. */
  upgradePaths(from: string): string[];
}

/** The login a client connection is built for; a null password is shown masked, never read. */
export interface ClientLogin {
  username: string;
  password: string | null;
}

/**
 * How an application reaches a cluster, in the engine's own terms: a URI its drivers take, the hosts
 * behind it, and the command line of the engine's own client. With a masked login the URI and the
 * command carry the mask where the password goes.
 */
export interface ClientConnection {
  uri: string;
  /** Every node with an address, in the order a client should try them (primaries first). */
  hosts: NodeEndpoint[];
  /** The node the URI and the command point at first (a primary, else the first member). */
  port: number;
  /** Whether clients must speak TLS to the nodes. */
  tlsMode: 'disabled' | 'required';
  /** The login the URI carries, or null where the engine has none (memcached). */
  username: string | null;
  /** The database or keyspace the URI opens, where the engine has one. */
  database: string | null;
  /** The engine's own client: redis-cli, psql, cqlsh, curl, nc. */
  command: string;
  /** What a person needs besides the URI (a keyspace to create, a certificate to trust). */
  notes: string[];
  /**
   * The cluster's HA manager, for clients that follow a failover by themselves (a Sentinel-aware
   * Redis client asks these addresses for the primary of `masterName`); null without one.
   */
  failoverManager?: { kind: FailoverManagerInfo['kind']; masterName: string; hosts: { host: string; port: number }[] } | null;
}

/** Another node as the probed node sees it: by name where the engine knows it, else by address. */
export interface ProbePeer {
  name?: string;
  host?: string;
  port?: number;
  up: boolean;
  /** How far behind it is, when the probed node is its primary. */
  lagSeconds?: number;
}

export interface ProbeResult {
  up: boolean;
  latencyMs: number;
  role?: string;
  version?: string;
  /** Engine-specific facts: memory, connections, replication lag… numbers where possible. */
  details: Record<string, string | number | boolean>;
  /** What the node knows of its peers: a primary's replicas, a replica's primary, gossip members. */
  peers?: ProbePeer[];
  error?: string;
  /**
   * Error replies the probe itself drew from the node (its AUTH refused, a command its user may not
   * run): the node's error counter counts them, but they say nothing of how the node serves others.
   */
  ownErrors?: number;
}

/** A node a workload runs against. */
export interface TargetNode {
  name: string;
  host: string;
  port: number;
  role: NodeRole;
  version: string;
}

/**
 * A driver speaks to one engine with its real client. Each of the run's concurrent workers passes
 * its index, so a driver can give every worker its own connection, as redis-benchmark and pgbench
 * give each client one. Operations reject on failure; the runner counts that as an error.
 */
export interface RealDriver {
  readonly kind: 'real';
  /** Connects `workers` connections and creates what the workload needs (tables, keyspaces, indexes) if absent. */
  open(workers: number): Promise<void>;
  read(worker: number, key: number): Promise<unknown>;
  write(worker: number, key: number, value: string): Promise<unknown>;
  /** The telling cause of a failed operation (a refused login, say, behind a closed connection). */
  explain?(worker: number, error: unknown): unknown;
  /** Writes every key once, so reads find data. */
  prefill?(keySpace: number, value: string): Promise<void>;
  close(): Promise<void>;
}

export interface RealDriverTarget {
  nodes: TargetNode[];
  credentials: Credentials;
  timeoutMs: number;
  /** Cassandra: the data center the client prefers. */
  localDataCenter?: string;
  /** PostgreSQL: default `postgres`. */
  database?: string;
  /**
   * Every read goes to this node (writes still to the writer; memcached, whose nodes share nothing,
   * writes there too): an upgrade's canary or its baseline measured on its own. Only engines with
   * `workloadReadsFromOneNode` are given one.
   */
  readsFrom?: string;
}

/** What the simulated cloud needs to fake a node of this engine, as plain data. */
export interface SimulatedProfile {
  defaultPort: number;
  /** The range a node's baseline p99 is drawn from, in ms. */
  p99BaselineMs: { min: number; max: number };
  /**
   * Versions the simulator makes markedly slower than the version they upgrade from, every run, so
   * an upgrade to them fails the gate; each is noted "known p99 regression" in the catalog.
   */
  knownRegressions: Readonly<Record<string, { baseline: string; p99Factor: number }>>;
  /** Disk GB written per GB held in memory (Redis's append-only file: about as much again; 0 for a cache). Disk engines ignore it. */
  diskPerHeldGb: number;
  /** Whether equal members report their ring neighbours as peers (gossip); primaries and replicas always watch each other. */
  membersGossip: boolean;
  /** How the simulated cloud snapshots and restores this engine's nodes; absent: it does not back them up. */
  snapshot?: SnapshotModel;
  /** How the engine's HA manager fails a dead primary over, in simulated seconds; absent: a person does. */
  failover?: SimulatedFailoverModel;
}

/** A simulated HA manager: how long it takes to call a primary dead and to promote a replica, and how often it cannot. */
export interface SimulatedFailoverModel {
  /** As people know it ("Redis Sentinel"); the label its alerts carry is `managerKind`. */
  managerName: string;
  managerKind: string;
  detectSeconds: { min: number; max: number };
  electSeconds: { min: number; max: number };
  /** The share of failovers in which no replica is elected (no quorum, a partition): a person is paged. */
  electionFailureRate: number;
}

/** Every capability of one datastore. Optional members are capabilities an engine may lack. */
export interface EngineAdapter {
  readonly name: EngineName;
  readonly displayName: string;
  readonly defaultPort: number;
  readonly catalog: VersionCatalog;
  /** Which resource the data fills, how much of it, how nodes are counted. */
  readonly sizing: SizingProfile;
  /** Login the control plane uses on nodes it creates (Redis "default", PostgreSQL "datafleet"). */
  readonly adminUsername: string;
  /** Load (reads + 2 × writes per second) one vCPU carries at full CPU: the capacity what-if's ceiling. */
  readonly opsPerVcpuAtFullCpu: number;
  /** Version, node count, instance type and best-practice settings for a request. */
  planSpec(input: SizingInput, instanceTypes: InstanceType[]): ClusterSpec;
  /** The best-practice settings of a cluster on `instance` (what planSpec sets for that size): what a resize recomputes. */
  settingsForSize(cluster: SizedSettingsInput, instance: InstanceType): ClusterSpec['settings'];
  roles(nodesPerRegion: number): NodeRole[];
  /** Replication / forming: idempotent, bounded, only for real nodes. */
  formCluster(nodes: NodeEndpoint[], credentials: Credentials): Promise<void>;
  probe(node: NodeEndpoint, credentials: Credentials): Promise<ProbeResult>;
  /** How an application connects (no password in it). */
  connectionHint(nodes: NodeEndpoint[]): string;
  /** A ready URI and client command line for these nodes and login (the password masked when null), and the HA manager's addresses when it has one. */
  connection(nodes: NodeEndpoint[], login: ClientLogin, failoverManager?: FailoverManagerInfo | null): ClientConnection;
  /**
   * Before a point-in-time restore: everything the primary committed until now is in the backup
   * repository's log archive (bounded; UnavailableError when it does not get there in time). Absent
   * for engines without a continuously archived log.
   */
  archiveNow?(primary: NodeEndpoint, credentials: Credentials): Promise<void>;
  /** What a backup of this engine is, and its default policy (or why it has none). */
  readonly backup: BackupProfile;
  /** How a restore drill checks a restore against what its backup was recorded to hold; absent: no drills. */
  readonly restoreCheck?: RestoreCheck;
  /** The engine's own HA manager (Redis Sentinel): failover and planned switchover go through it. */
  readonly failover?: EngineFailover;
  /** The workload runner's driver for real nodes, with the engine's own client. */
  workloadDriver(target: RealDriverTarget): RealDriver;
  /**
   * The driver can send every read to one chosen node (`RealDriverTarget.readsFrom`) and find the
   * workload's keys there: engines whose every replica holds every key, or whose nodes are caches
   * of their own. Absent: reads spread over the nodes, and an upgrade of a real cluster has no
   * canary pair.
   */
  readonly workloadReadsFromOneNode?: boolean;
  /** How to run a node as a local process on this machine; absent when the engine does not run as one. */
  localRecipe?(): LocalRecipe;
  /** Application users with least privilege; absent when the engine has none (memcached). */
  readonly users?: DatabaseUsers;
  /** Rotating the control plane's own login; absent when the engine has no password (memcached). */
  readonly adminRotation?: AdminCredentialRotation;
  /** The parameters a team may change, with type and range; absent when none are offered. */
  readonly settings?: EngineSettings;
  readonly simulated: SimulatedProfile;
}

/** The only lookup of engines: built once by the composition root and handed to whoever needs it. */
export interface EngineRegistry {
  /** Throws InputError naming the engines there are when `name` is not one of them. */
  get(name: string): EngineAdapter;
  all(): EngineAdapter[];
  names(): EngineName[];
  isEngine(name: string): boolean;
}
