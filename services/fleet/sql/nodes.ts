import type { Pool, PoolClient } from '../../infra/db/pool';
import type { ClusterNode, NodeRole, NodeState } from '../../core/types';
import { newId } from '../../core/ids';

type Queryable = Pool | PoolClient;

interface NodeRow {
  id: string;
  cluster_id: string;
  name: string;
  region: string;
  zone: string;
  role: NodeRole;
  provider: string;
  provider_id: string | null;
  host: string | null;
  port: number | null;
  state: NodeState;
  software_version: string;
  kernel_version: string;
  instance_type: string;
  simulated: boolean;
  launched_at: Date | null;
  terminated_at: Date | null;
}

const toNode = (r: NodeRow): ClusterNode => ({
  id: r.id,
  clusterId: r.cluster_id,
  name: r.name,
  region: r.region,
  zone: r.zone,
  role: r.role,
  provider: r.provider,
  providerId: r.provider_id,
  host: r.host,
  port: r.port,
  state: r.state,
  softwareVersion: r.software_version,
  kernelVersion: r.kernel_version,
  instanceType: r.instance_type,
  simulated: r.simulated,
  launchedAt: r.launched_at,
  terminatedAt: r.terminated_at,
});

export type NodeUpsert = Omit<ClusterNode, 'id' | 'terminatedAt'>;

export class NodeRepository {
  constructor(private readonly pool: Pool) {}

  async forCluster(clusterId: string, includeTerminated = false): Promise<ClusterNode[]> {
    const { rows } = await this.pool.query<NodeRow>(
      `SELECT * FROM nodes WHERE cluster_id = $1 ${includeTerminated ? '' : "AND state <> 'terminated'"} ORDER BY name`,
      [clusterId],
    );
    return rows.map(toNode);
  }

  /** Records what the provider reports for a node; the node's name makes this idempotent. */
  async upsert(node: NodeUpsert, db: Queryable = this.pool): Promise<ClusterNode> {
    const { rows } = await db.query<NodeRow>(
      `INSERT INTO nodes (id, cluster_id, name, region, zone, role, provider, provider_id, host, port, state,
         software_version, kernel_version, instance_type, simulated, launched_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
       ON CONFLICT (name) DO UPDATE SET provider_id = EXCLUDED.provider_id, host = EXCLUDED.host, port = EXCLUDED.port,
         state = EXCLUDED.state, software_version = EXCLUDED.software_version, kernel_version = EXCLUDED.kernel_version,
         instance_type = EXCLUDED.instance_type, launched_at = EXCLUDED.launched_at, terminated_at = NULL
       RETURNING *`,
      [
        newId(),
        node.clusterId,
        node.name,
        node.region,
        node.zone,
        node.role,
        node.provider,
        node.providerId,
        node.host,
        node.port,
        node.state,
        node.softwareVersion,
        node.kernelVersion,
        node.instanceType,
        node.simulated,
        node.launchedAt,
      ],
    );
    return toNode(rows[0]!);
  }

  async setState(nodeId: string, state: NodeState): Promise<void> {
    await this.pool.query(
      `UPDATE nodes SET state = $2, terminated_at = CASE WHEN $2 = 'terminated' THEN now() ELSE terminated_at END WHERE id = $1`,
      [nodeId, state],
    );
  }

  /**
   * Records a switchover: the new node is the primary, the old one a replica until it is
   * terminated. One statement, and repeating it changes nothing.
   */
  async recordSwitchover(newPrimaryId: string, oldPrimaryId: string): Promise<void> {
    await this.pool.query(`UPDATE nodes SET role = CASE WHEN id = $1 THEN 'primary' ELSE 'replica' END WHERE id IN ($1, $2)`, [
      newPrimaryId,
      oldPrimaryId,
    ]);
  }
}
