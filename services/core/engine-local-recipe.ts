import type { EngineName, FailoverManagerInfo, NodeRole } from './types';
import type { LocalBackups, RestoreSource } from './engine-backups';
import type { HostPort } from './engine-failover';

/*
 * How an engine runs as processes on this machine (the local provider's part of an engine adapter):
 * its server, and its HA manager's processes where it has one. Declared in core so the local
 * provider speaks it without importing an engine.
 */
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
  /** The signal that stops this node's process when it is not the usual one (a node run by its HA manager). */
  stopSignalFor?(dir: string): NodeJS.Signals;
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
  /**
   * With the node's server stopped, makes its data again in its own directory: a primary from
   * `request.restoreFrom`, a replica following `request.primary`. Its configuration (port,
   * password, settings) stays. Repeating it starts over.
   */
  restoreInPlace?(input: PrepareInput): Promise<void>;
  /** Present for engines whose own HA manager runs beside the nodes (Redis Sentinel). */
  readonly failoverManager?: LocalFailoverRecipe;
}

/** How to run the HA manager's processes on this machine (the local provider's part). */
export interface LocalFailoverRecipe {
  readonly kind: FailoverManagerInfo['kind'];
  readonly stopSignal: NodeJS.Signals;
  /**
   * How many manager processes a cluster whose nodes span `zones` zones runs (three sentinels; three
   * etcd members across three or more zones, else one), and how many must answer for it to act.
   */
  size(zones: number): { members: number; quorum: number };
  /** A manager that runs the nodes themselves (Patroni): how a node is handed to it. Absent: it only watches them. */
  readonly nodeManager?: LocalNodeManager;
  /** Why the manager cannot run here (its binary is missing), or null. */
  missing(): string | null;
  /** Writes its configuration once; a completed directory is left as it is. */
  prepare(input: {
    dir: string;
    port: number;
    /** A second port of its own (etcd's peer port); unused by managers that need one. */
    peerPort: number;
    /** This member's place among the cluster's managers, and every member's second port in that order (etcd's peers). */
    index: number;
    peerPorts: number[];
    masterName: string;
    primary: HostPort;
    password: string;
    quorum: number;
  }): void;
  command(dir: string): SpawnSpec;
  answers(port: number): Promise<boolean>;
  pidFromFiles(dir: string): number | null;
}

/**
 * Handing a local node to an HA manager that runs it (Patroni): once its configuration is written,
 * the node's process is the manager's, which starts, stops, promotes and rebuilds the server.
 */
export interface LocalNodeManager {
  /** Whether the node's directory is the manager's already. */
  manages(dir: string): boolean;
  /**
   * Writes the manager's configuration for the node (idempotent). Called while the node's server
   * may still run under the provider: a running primary is where the manager's own login is made.
   */
  adopt(input: {
    dir: string;
    nodeName: string;
    /** The PostgreSQL version the node runs (its binaries). */
    version: string;
    port: number;
    /** The manager's API port for this node. */
    apiPort: number;
    backupRoot: string;
    clusterId: string;
    scope: string;
    /** The manager's store (etcd) addresses. */
    stores: HostPort[];
    /** The cluster's admin password: the manager's own login is made with it, never the other way round. */
    password: string;
    /** The manager's own login, which a rotation of the cluster's admin password leaves alone. */
    managerSecret: string;
    synchronous: boolean;
  }): Promise<void>;
  /** Whether the manager of the node at `apiPort` leads (holds the leader lock with a writable server). */
  leads(apiPort: number): Promise<boolean>;
  /**
   * Sets server parameters through the manager, which owns the server's configuration (Patroni's
   * dynamic configuration, shared by every member), asking the members at `apiPorts` in turn. A
   * null takes a parameter out of the manager's configuration (back to the server's own file).
   */
  setParameters(apiPorts: number[], parameters: Record<string, SettingValue | null>): Promise<void>;
  /** Why the manager of the node at `apiPort` could not start its server, or null while it runs or starts. */
  startFailure(apiPort: number): Promise<string | null>;
  /** Takes the node (its manager stopped first) back from the manager: its server runs as the provider's again. */
  release(dir: string): void;
  /**
   * Forgets a cluster in the manager's store (Patroni: every key of its scope), so the next member
   * to start takes the cluster over from the data it has (a restored primary) rather than follow a
   * leader the store remembers.
   */
  forgetCluster(stores: HostPort[], scope: string): Promise<void>;
}
