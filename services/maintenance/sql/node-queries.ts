import type { Pool } from '../../infra/db/pool';
import type { EngineName } from '../../core/types';

/** A live node the scan may plan a replacement for. */
export interface CandidateNode {
  nodeId: string;
  nodeName: string;
  clusterId: string;
  launchedAt: Date;
}

export interface OldNode {
  cluster: string;
  node: string;
  engine: EngineName;
  launchedAt: Date;
  retirementDeadline: Date | null;
}

/** Clusters whose nodes maintenance may replace: provisioning and decommissioning ones are left alone. */
const REPLACEABLE = "c.status IN ('ACTIVE', 'UPDATING')";
const LAUNCHED = 'coalesce(n.launched_at, n.created_at)';
/** A node another replacement (a playbook's, not one of ours) is already replacing needs no second one. */
const NOT_BEING_REPLACED = `NOT EXISTS (SELECT 1 FROM operations o WHERE o.cluster_id = n.cluster_id AND o.type = 'replace_node'
  AND o.status IN ('pending', 'running') AND o.params->>'node' = n.name
  AND NOT EXISTS (SELECT 1 FROM node_replacements mine WHERE mine.operation_id = o.id))`;

/** Read-only queries over the nodes table for maintenance (the index nodes_live_age_idx serves the age order). */
export class MaintenanceNodeQueries {
  constructor(private readonly pool: Pool) {}

  /** Live nodes launched before `cutoff` with no replacement planned yet, oldest first. */
  async olderThan(cutoff: Date, limit: number): Promise<CandidateNode[]> {
    const { rows } = await this.pool.query<{ id: string; name: string; cluster_id: string; launched: Date }>(
      `SELECT n.id, n.name, n.cluster_id, ${LAUNCHED} AS launched FROM nodes n JOIN clusters c ON c.id = n.cluster_id
        WHERE n.state <> 'terminated' AND ${LAUNCHED} < $1 AND ${REPLACEABLE}
          AND NOT EXISTS (SELECT 1 FROM node_replacements r WHERE r.node_id = n.id) AND ${NOT_BEING_REPLACED}
        ORDER BY ${LAUNCHED}, n.name LIMIT $2`,
      [cutoff, limit],
    );
    return rows.map((r) => ({ nodeId: r.id, nodeName: r.name, clusterId: r.cluster_id, launchedAt: r.launched }));
  }

  /** The live nodes a provider knows by these ids (a provider event names its own id, not ours). */
  async byProviderIds(provider: string, providerIds: string[]): Promise<Map<string, CandidateNode>> {
    if (providerIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ id: string; name: string; cluster_id: string; provider_id: string; launched: Date }>(
      `SELECT n.id, n.name, n.cluster_id, n.provider_id, ${LAUNCHED} AS launched FROM nodes n JOIN clusters c ON c.id = n.cluster_id
        WHERE n.provider = $1 AND n.provider_id = ANY($2) AND n.state <> 'terminated' AND ${REPLACEABLE} AND ${NOT_BEING_REPLACED}`,
      [provider, providerIds],
    );
    return new Map(rows.map((r) => [r.provider_id, { nodeId: r.id, nodeName: r.name, clusterId: r.cluster_id, launchedAt: r.launched }]));
  }

  /** The fleet's oldest live nodes, with the provider's retirement deadline where one was announced. */
  async oldest(limit: number): Promise<OldNode[]> {
    const { rows } = await this.pool.query<{ cluster: string; node: string; engine: EngineName; launched: Date; deadline: Date | null }>(
      `SELECT c.name AS cluster, n.name AS node, c.engine, ${LAUNCHED} AS launched, r.deadline
         FROM nodes n JOIN clusters c ON c.id = n.cluster_id LEFT JOIN node_replacements r ON r.node_id = n.id
        WHERE n.state <> 'terminated' ORDER BY ${LAUNCHED}, n.name LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      cluster: r.cluster,
      node: r.node,
      engine: r.engine,
      launchedAt: r.launched,
      retirementDeadline: r.deadline,
    }));
  }
}
