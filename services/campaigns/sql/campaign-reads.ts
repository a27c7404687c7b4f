import type { Pool, PoolClient } from '../../infra/db/pool';
import type { Campaign, CampaignClusterRow, CampaignClusterStatus, CampaignStatus } from '../types';
import { CampaignClusterStatuses } from '../types';
import { toCampaign, toCampaignCluster, type CampaignDbRow, type CampaignClusterDbRow } from './campaign-rows';
import type { CampaignCluster } from '../campaign-plan';
import type { EngineName, Environment, MaintenanceWindow, OperationStatus, Sla } from '../../core/types';

export type Queryable = Pool | PoolClient;

/** A started cluster's upgrade operation as the campaign worker reads it back. */
export interface RunningUpgrade {
  clusterId: string;
  clusterName: string;
  operationId: string;
  status: OperationStatus;
  error: string | null;
  /** The checkpoint of the operation's `compare` step, if any. */
  compare: Record<string, unknown> | null;
}

/** How many of a campaign's clusters are in one status within one wave, and the latest of their finishes. */
export interface WaveTally {
  wave: number;
  status: CampaignClusterStatus;
  count: number;
  finishedAt: Date | null;
}

const clusterRowsSelect = `SELECT cc.*, c.name AS cluster_name, c.environment, c.owner_team_id, t.name AS owner_team_name
  FROM campaign_clusters cc JOIN clusters c ON c.id = cc.cluster_id JOIN teams t ON t.id = c.owner_team_id`;

/** What campaigns and their clusters look like: the campaign pages' and the worker's reads. */
export class CampaignReads {
  constructor(protected readonly pool: Pool) {}
  /** Every live cluster of an engine, shaped for the planner; with its status, so a busy one can be left out. */ async candidates(
    engine: string,
  ): Promise<Array<CampaignCluster & { status: string }>> {
    const { rows } = await this.pool.query<{
      id: string;
      name: string;
      engine: EngineName;
      environment: Environment;
      sla: Sla;
      maintenance_window: MaintenanceWindow | null;
      version: string;
      instance_type: string;
      regions: string[];
      owner: string;
      tags: Record<string, string>;
      status: string;
    }>(
      `SELECT c.id, c.name, c.engine, c.environment, c.sla, c.maintenance_window, c.version, c.instance_type, c.regions, t.name AS owner, c.tags, c.status
         FROM clusters c JOIN teams t ON t.id = c.owner_team_id
        WHERE c.engine = $1 AND c.status NOT IN ('DECOMMISSIONING', 'DECOMMISSIONED')`,
      [engine],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      engine: r.engine,
      environment: r.environment,
      sla: r.sla,
      window: r.maintenance_window,
      version: r.version,
      instanceType: r.instance_type,
      regions: r.regions,
      owner: r.owner,
      tags: r.tags,
      status: r.status,
    }));
  }
  async get(id: string, db: Queryable = this.pool): Promise<Campaign | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const { rows } = await db.query<CampaignDbRow>('SELECT * FROM campaigns WHERE id = $1', [id]);
    return rows[0] ? toCampaign(rows[0]) : null;
  }
  async list(limit: number): Promise<Campaign[]> {
    const { rows } = await this.pool.query<CampaignDbRow>('SELECT * FROM campaigns ORDER BY created_at DESC LIMIT $1', [limit]);
    return rows.map(toCampaign);
  }
  /** Campaigns the worker must still look at: running or paused, or stopped with upgrades still in flight. */ async needingTicks(): Promise<
    string[]
  > {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM campaigns WHERE status IN ('running', 'paused')
       UNION SELECT DISTINCT campaign_id FROM campaign_clusters WHERE status = 'running'`,
    );
    return rows.map((r) => r.id);
  }
  async clusters(campaignId: string, db: Queryable = this.pool): Promise<CampaignClusterRow[]> {
    const { rows } = await db.query<CampaignClusterDbRow>(`${clusterRowsSelect} WHERE cc.campaign_id = $1 ORDER BY cc.wave, cc.position`, [
      campaignId,
    ]);
    return rows.map(toCampaignCluster);
  }
  /** Every campaign row of one cluster, newest campaign first, with the campaign's name and target. */ async forCluster(
    clusterId: string,
  ): Promise<
    Array<
      CampaignClusterRow & { campaignName: string; toVersion: string | null; toInstanceType: string | null; campaignStatus: CampaignStatus }
    >
  > {
    const { rows } = await this.pool.query<
      CampaignClusterDbRow & {
        campaign_name: string;
        to_version: string | null;
        to_instance_type: string | null;
        campaign_status: CampaignStatus;
      }
    >(
      `SELECT x.*, k.name AS campaign_name, k.to_version, k.to_instance_type, k.status AS campaign_status
         FROM (${clusterRowsSelect} WHERE cc.cluster_id = $1) x JOIN campaigns k ON k.id = x.campaign_id ORDER BY k.created_at DESC`,
      [clusterId],
    );
    return rows.map((r) => ({
      ...toCampaignCluster(r),
      campaignName: r.campaign_name,
      toVersion: r.to_version,
      toInstanceType: r.to_instance_type,
      campaignStatus: r.campaign_status,
    }));
  }
  /** Per campaign, how many of its clusters are in each status: for the list. */ async statusCounts(
    campaignIds: string[],
  ): Promise<Map<string, Record<string, number>>> {
    const { rows } = await this.pool.query<{ campaign_id: string; status: string; n: number }>(
      'SELECT campaign_id, status, count(*) AS n FROM campaign_clusters WHERE campaign_id = ANY($1::uuid[]) GROUP BY 1, 2',
      [campaignIds],
    );
    const counts = new Map<string, Record<string, number>>();
    for (const r of rows) counts.set(r.campaign_id, { ...counts.get(r.campaign_id), [r.status]: r.n });
    return counts;
  }
  /**
   * Where every wave stands, counted in PostgreSQL: one row per (wave, status) rather than one per
   * cluster, so a pass over a campaign of thousands reads a few rows, not the whole campaign.
   */ async waveTally(campaignId: string, db: Queryable): Promise<WaveTally[]> {
    const { rows } = await db.query<{ wave: number; status: CampaignClusterStatus; n: number; finished_at: Date | null }>(
      `SELECT wave, status, count(*)::int AS n, max(finished_at) AS finished_at FROM campaign_clusters
        WHERE campaign_id = $1 GROUP BY wave, status`,
      [campaignId],
    );
    return rows.map((r) => ({ wave: r.wave, status: r.status, count: r.n, finishedAt: r.finished_at }));
  }
  /** The clusters whose upgrade failed or was rolled back, by name: the evidence of a halt. */ async failedClusters(
    campaignId: string,
    db: Queryable,
  ): Promise<Array<{ name: string; outcome: 'failed' | 'rolled_back' }>> {
    const { rows } = await db.query<{ name: string; status: 'failed' | 'rolled_back' }>(
      `SELECT c.name, cc.status FROM campaign_clusters cc JOIN clusters c ON c.id = cc.cluster_id
        WHERE cc.campaign_id = $1 AND cc.status IN ('failed', 'rolled_back') ORDER BY cc.wave, cc.position`,
      [campaignId],
    );
    return rows.map((r) => ({ name: r.name, outcome: r.status }));
  }
  /** Up to `limit` clusters of a wave still waiting (pending or scheduled), in wave order after `afterPosition`. */ async waiting(
    campaignId: string,
    wave: number,
    afterPosition: number,
    limit: number,
    db: Queryable,
  ): Promise<CampaignClusterRow[]> {
    const { rows } = await db.query<CampaignClusterDbRow>(
      `${clusterRowsSelect} WHERE cc.campaign_id = $1 AND cc.wave = $2 AND cc.position > $3 AND cc.status IN ('pending', 'scheduled')
        ORDER BY cc.position LIMIT $4`,
      [campaignId, wave, afterPosition, limit],
    );
    return rows.map(toCampaignCluster);
  }
  /** How many of the campaign's clusters are in each status (every status present, zero or not). */ async counts(
    campaignId: string,
    db: Queryable = this.pool,
  ): Promise<Record<CampaignClusterStatus, number>> {
    const { rows } = await db.query<{ status: CampaignClusterStatus; n: number }>(
      'SELECT status, count(*)::int AS n FROM campaign_clusters WHERE campaign_id = $1 GROUP BY status',
      [campaignId],
    );
    const counts = Object.fromEntries(CampaignClusterStatuses.map((status) => [status, 0])) as Record<CampaignClusterStatus, number>;
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }
  /** The operations of the campaign's running clusters, with the gate's last verdict when there is one (over every node, else at the canary). */ async runningUpgrades(
    campaignId: string,
    db: Queryable,
  ): Promise<RunningUpgrade[]> {
    const { rows } = await db.query<{
      cluster_id: string;
      cluster_name: string;
      operation_id: string;
      status: RunningUpgrade['status'];
      error: string | null;
      compare: Record<string, unknown> | null;
    }>(
      `SELECT cc.cluster_id, c.name AS cluster_name, o.id AS operation_id, o.status, o.error,
              (SELECT s.checkpoint FROM operation_steps s
                WHERE s.operation_id = o.id AND s.name IN ('compare', 'canary') AND s.checkpoint ? 'verdict'
                ORDER BY s.name = 'compare' DESC LIMIT 1) AS compare
         FROM campaign_clusters cc JOIN operations o ON o.id = cc.operation_id JOIN clusters c ON c.id = cc.cluster_id
        WHERE cc.campaign_id = $1 AND cc.status = 'running'`,
      [campaignId],
    );
    return rows.map((r) => ({
      clusterId: r.cluster_id,
      clusterName: r.cluster_name,
      operationId: r.operation_id,
      status: r.status,
      error: r.error,
      compare: r.compare,
    }));
  }
}
