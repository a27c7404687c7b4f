import type { ClusterSpec, EngineName, Environment, NodeRole } from './types';
import type { InstanceType } from './regions';
import type { BackupProfile, LocalBackups, RestoreSource } from './engine-backups';
import type { AdminCredentialRotation, DatabaseUsers } from './engine-users';
import type { Credentials, NodeEndpoint } from './node-endpoint';

export * from './engine-backups';
export * from './node-endpoint';
export * from './engine-users';

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
}

/**
 * A planned handover of the primary role to a replica that copied the data (replace-node). Each call
 * is idempotent, so a worker that dies between two of them can repeat any.
 */
export interface Switchover {
  /** Whether the node already leads (it was promoted before a worker died). */
  isPrimary(node: NodeEndpoint, credentials: Credentials): Promise<boolean>;
  /** Holds writes on the old primary until the new node has all of it; false (writes resumed) when it has not yet. */
  catchUp(oldPrimary: NodeEndpoint, next: NodeEndpoint, credentials: Credentials): Promise<boolean>;
  /** The new node stops following and takes writes. */
  promote(node: NodeEndpoint, credentials: Credentials): Promise<void>;
  /** Another node of the region follows the new primary. */
  follow(node: NodeEndpoint, primary: NodeEndpoint, credentials: Credentials): Promise<void>;
  /** Whether a follower's link to its primary is up. */
  following(node: NodeEndpoint, credentials: Credentials): Promise<boolean>;
  /** Lets the old primary's writers hear at once that it no longer leads. */
  release(oldPrimary: NodeEndpoint, credentials: Credentials): Promise<void>;
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
}

/** The OS user a process runs as; null means "as we are". */
export type RunAs = { uid: number; gid: number } | null;

export interface SpawnSpec {
  file: string;
  args: string[];
  cwd: string;
  logFile: string;
  runAs: RunAs;
}

export type SettingValue = string | number | boolean;
export type NodeSettings = Record<string, SettingValue>;

export interface PrepareInput {
  /** Where every local node's directory lives; ours to adjust. */
  dataRoot: string;
  /** The backup repository of every local cluster (a stanza per cluster for PostgreSQL). */
  backupRoot: string;
  /** The node's own directory; the recipe puts configuration and data inside it. */
  dir: string;
  port: number;
  request: {
    name: string;
    role: NodeRole;
    /** The node a replica follows. */
    primary?: { host: string; port: number };
    /** Generated cluster credential (requirepass / superuser password). */
    password: string;
    /** The cluster the node belongs to: names its backups in the repository. */
    clusterId: string;
    /** A primary made from a backup instead of empty (a restore into a new cluster). */
    restoreFrom?: RestoreSource;
  };
  /** The version the node runs: one of versions(). */
  version: string;
}

/** How to run one engine as a local process: prepare its directory once, start it, see it answer. */
export interface LocalRecipe {
  readonly engine: EngineName;
  /** The signal for a fast, clean shutdown. */
  readonly stopSignal: NodeJS.Signals;
  /** The installed server's version new nodes get by default, or null when it is not installed. */
  installedVersion(): string | null;
  /** Every version a node may run here (the default among them); empty when none is installed. */
  versions(): string[];
  /** Why a node cannot move from one version to another in place (a restart on other binaries), or null. */
  versionChangeProblem(from: string, to: string): string | null;
  /** Why these settings cannot be applied, or null. */
  settingsProblem(settings: NodeSettings): string | null;
  /** Writes the node's changeNode settings (all of them, replacing the previous ones) into its configuration. */
  applySettings(dir: string, settings: NodeSettings): void;
  /**
   * Writes configuration and data. Idempotent: a completed directory is left as it is, a half-made
   * one (from a process killed mid-way) is made again.
   */
  prepare(input: PrepareInput): Promise<void>;
  /** How to start the node's server on the binaries of `version`. */
  command(dir: string, version: string): SpawnSpec;
  /** True once the server answers on its port; needs no password. */
  answers(port: number): Promise<boolean>;
  /**
   * The pid the engine wrote in its own pid file, if any: finds a server whose start was never
   * recorded because the process that started it was killed in between.
   */
  pidFromEngineFiles(dir: string): number | null;
  /**
   * Present for engines whose followers can be re-pointed in place: records in the node's own
   * configuration which node it follows (null: it leads), so a restart keeps a switchover.
   */
  recordPrimary?(dir: string, primary: { host: string; port: number } | null): void;
  /** Present for engines whose nodes can be backed up into the repository and restored from it. */
  readonly backups?: LocalBackups;
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
  roles(nodesPerRegion: number): NodeRole[];
  /** Replication / forming: idempotent, bounded, only for real nodes. */
  formCluster(nodes: NodeEndpoint[], credentials: Credentials): Promise<void>;
  probe(node: NodeEndpoint, credentials: Credentials): Promise<ProbeResult>;
  /** How an application connects (no password in it). */
  connectionHint(nodes: NodeEndpoint[]): string;
  /** A ready URI and client command line for these nodes and login (the password masked when null). */
  connection(nodes: NodeEndpoint[], login: ClientLogin): ClientConnection;
  /**
   * Before a point-in-time restore: everything the primary committed until now is in the backup
   * repository's log archive (bounded; UnavailableError when it does not get there in time). Absent
   * for engines without a continuously archived log.
   */
  archiveNow?(primary: NodeEndpoint, credentials: Credentials): Promise<void>;
  /** What a backup of this engine is, and its default policy (or why it has none). */
  readonly backup: BackupProfile;
  /** A planned primary handover on real nodes; absent when a person must do it. */
  readonly switchover?: Switchover;
  /** The workload runner's driver for real nodes, with the engine's own client. */
  workloadDriver(target: RealDriverTarget): RealDriver;
  /** How to run a node as a local process on this machine; absent when the engine does not run as one. */
  localRecipe?(): LocalRecipe;
  /** Application users with least privilege; absent when the engine has none (memcached). */
  readonly users?: DatabaseUsers;
  /** Rotating the control plane's own login; absent when the engine has no password (memcached). */
  readonly adminRotation?: AdminCredentialRotation;
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
