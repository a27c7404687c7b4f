import type { ClusterRepository } from './sql/clusters';
import type { ClusterSecretRepository } from './sql/cluster-secrets';
import type { NodeRepository } from './sql/nodes';
import type { TeamRepository } from './sql/teams';

// What other features may use of the fleet's records. They import these types (or the fleet's
// services), never sql/: the composition root hands them the concrete repositories, which satisfy
// these picks structurally, and a method left out here stays the fleet's own.

/**
 * Clusters: look one up by id or name (or by id, batched with concurrent lookups, or several by id), open its credential, lock its row inside the caller's
 * transaction (an upgrade request), and the lifecycle writes of the operations that change it
 * (status, version or instance type, nodes per region, node count and cost).
 */
export type ClustersPort = Pick<
  ClusterRepository,
  | 'find'
  | 'findById'
  | 'findMany'
  | 'password'
  | 'lock'
  | 'setStatus'
  | 'recordChange'
  | 'recordSettings'
  | 'setNodesPerRegion'
  | 'recordStorage'
  | 'refreshNodeStats'
  | 'setFailoverManager'
>;

/**
 * Nodes: a cluster's nodes, and the writes of the operations that create, stop, replace and
 * switch them over.
 */
export type NodesPort = Pick<NodeRepository, 'forCluster' | 'upsert' | 'setState' | 'recordSwitchover'>;

/** Teams: one by id or name, or all of them (to find where a notice or a page goes). */
export type TeamsPort = Pick<TeamRepository, 'find' | 'list'>;

/** Cluster secrets: the credential of every live cluster, opened only when called (the health collector). */
export type ClusterSecretsPort = Pick<ClusterSecretRepository, 'liveClusterCredentials'>;

/** A rotation of the control plane's own credential: the next password sealed beside the current one, then adopted. */
export type CredentialRotationPort = Pick<ClusterSecretRepository, 'storeNext' | 'nextPassword' | 'adoptNext'>;
