import type { ClusterSpec, EngineName, Environment, NodeRole } from '../core/types';
import type { InstanceType } from '../core/regions';

/**
 * The EngineAdapter port: one per datastore. It knows the engine's best practice and speaks to its
 * nodes with the engine's real driver (ioredis, pg, cassandra-driver, @elastic/elasticsearch).
 *
 * Contract (test/contract/engine.contract.test.ts runs it over every adapter):
 * - planSpec is pure and deterministic; it throws InputError (services/platform/errors) for a size
 *   no instance type and node count can hold, naming the largest size it can.
 * - spec.usableCapacityGb * regions >= expected data, and the data per node stays within the
 *   engine's fill limit (a third of disk for Cassandra/Elasticsearch, ~70% of maxmemory for Redis,
 *   ~60% of disk for PostgreSQL).
 * - roles(n) has exactly n entries.
 * - probe never throws: an unreachable node gives { up: false, error }.
 * - formCluster is idempotent and only called for real (not simulated) nodes.
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

export interface NodeEndpoint {
  name: string;
  host: string;
  port: number;
  role: NodeRole;
}

export interface Credentials {
  username: string;
  password: string;
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

export interface EngineAdapter {
  readonly name: EngineName;
  readonly displayName: string;
  readonly defaultPort: number;
  readonly catalog: VersionCatalog;
  /** Login the control plane uses on nodes it creates (Redis "default", PostgreSQL "datafleet"). */
  readonly adminUsername: string;
  planSpec(input: SizingInput, instanceTypes: InstanceType[]): ClusterSpec;
  roles(nodesPerRegion: number): NodeRole[];
  formCluster(nodes: NodeEndpoint[], credentials: Credentials): Promise<void>;
  probe(node: NodeEndpoint, credentials: Credentials): Promise<ProbeResult>;
  /** How an application connects (no password in it). */
  connectionHint(nodes: NodeEndpoint[]): string;
}
