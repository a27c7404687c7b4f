import type { Pool, PoolClient } from '../../infra/db/pool';
import type { Campaign, CampaignClusterRow, CampaignClusterStatus, CampaignStatus } from '../types';
import { CampaignClusterStatuses } from '../types';
import { toCampaign, toCampaignCluster, type CampaignDbRow, type CampaignClusterDbRow } from './campaign-rows';

import type { CampaignCluster } from '../campaign-plan';
import type { EngineName, Environment, MaintenanceWindow, OperationStatus, Sla } from '../../core/types';

type Queryable = Pool | PoolClient;

export interface NewCampaignCluster {
  clusterId: string;
  wave: number;
  position: number;
  plannedStart: string;
  fromVersion: string;
}

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

/** One change of a campaign cluster's row, as setClusterStatuses writes it. */
export interface CampaignClusterChange {
  clusterId: string;
  status: CampaignClusterStatus;
  reason?: string | null;
  comparison?: unknown;
  plannedStart?: Date;
}

const clusterRowsSelect = `SELECT cc.*, c.name AS cluster_name, c.environment, c.owner_team_id, t.name AS owner_team_name
  FROM campaign_clusters cc JOIN clusters c ON c.id = cc.cluster_id JOIN teams t ON t.id = c.owner_team_id`;

/** Campaigns and their clusters. The campaign worker holds the campaign row locked for a tick. */
export class CampaignRepository {
  constructor(private readonly pool: Pool) {}

  async insert(c: Campaign, clusters: NewCampaignCluster[], db: Queryable): Promise<void> {
    await db.query(
      `INSERT INTO campaigns (id, name, engine, from_version, to_version, selector, waves, in_flight, soak_minutes, failure_budget,
         upgrade_minutes, benchmark_seconds, status, plan, created_by, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$16,$12,$13,$14,$15,$15)`,
      [
        c.id,
        c.name,
        c.engine,
        c.fromVersion,
        c.toVersion,
        JSON.stringify(c.selector),
        JSON.stringify(c.waves),
        c.inFlight,
        c.soakMinutes,
        c.failureBudget,
        c.upgradeMinutes,
        c.status,
        JSON.stringify(c.plan),
        c.createdBy,
        c.createdAt,
        c.benchmarkSeconds,
      ],
    );
    if (clusters.length === 0) return;
    await db.query(
      `INSERT INTO campaign_clusters (campaign_id, cluster_id, wave, position, planned_start, status, from_version)
       SELECT $1, r.cluster_id, r.wave, r.position, r.planned_start, 'pending', r.from_version
         FROM jsonb_to_recordset($2::jsonb) AS r(cluster_id uuid, wave int, position int, planned_start timestamptz, from_version text)`,
      [
        c.id,
        JSON.stringify(
          clusters.map((x) => ({
            cluster_id: x.clusterId,
            wave: x.wave,
            position: x.position,
            planned_start: x.plannedStart,
            from_version: x.fromVersion,
          })),
        ),
      ],
    );
  }

  /** Every live cluster of an engine, shaped for the planner; with its status, so a busy one can be left out. */
  async candidates(engine: string): Promise<Array<CampaignCluster & { status: string }>> {
    const { rows } = await this.pool.query<{
      id: string;
      name: string;
      engine: EngineName;
      environment: Environment;
      sla: Sla;
      maintenance_window: MaintenanceWindow | null;
      version: string;
      regions: string[];
      owner: string;
      tags: Record<string, string>;
      status: string;
    }>(
      `SELECT c.id, c.name, c.engine, c.environment, c.sla, c.maintenance_window, c.version, c.regions, t.name AS owner, c.tags, c.status
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

  /** The campaign locked for this transaction, or null when another worker holds it right now. */
  async lock(id: string, db: PoolClient): Promise<Campaign | null> {
    const { rows } = await db.query<CampaignDbRow>('SELECT * FROM campaigns WHERE id = $1 FOR UPDATE SKIP LOCKED', [id]);
    return rows[0] ? toCampaign(rows[0]) : null;
  }

  /** The campaign's status, its row locked until the transaction ends (waiting for a tick that holds it); undefined when there is none. */
  async lockStatus(id: string, db: PoolClient): Promise<CampaignStatus | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const { rows } = await db.query<{ status: CampaignStatus }>('SELECT status FROM campaigns WHERE id = $1 FOR UPDATE', [id]);
    return rows[0]?.status;
  }

  async list(limit: number): Promise<Campaign[]> {
    const { rows } = await this.pool.query<CampaignDbRow>('SELECT * FROM campaigns ORDER BY created_at DESC LIMIT $1', [limit]);
    return rows.map(toCampaign);
  }

  /** Campaigns the worker must still look at: running or paused, or stopped with upgrades still in flight. */
  async needingTicks(): Promise<string[]> {
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

  /** Every campaign row of one cluster, newest campaign first, with the campaign's name and target. */
  async forCluster(
    clusterId: string,
  ): Promise<Array<CampaignClusterRow & { campaignName: string; toVersion: string; campaignStatus: CampaignStatus }>> {
    const { rows } = await this.pool.query<
      CampaignClusterDbRow & { campaign_name: string; to_version: string; campaign_status: CampaignStatus }
    >(
      `SELECT x.*, k.name AS campaign_name, k.to_version, k.status AS campaign_status
         FROM (${clusterRowsSelect} WHERE cc.cluster_id = $1) x JOIN campaigns k ON k.id = x.campaign_id ORDER BY k.created_at DESC`,
      [clusterId],
    );
    return rows.map((r) => ({
      ...toCampaignCluster(r),
      campaignName: r.campaign_name,
      toVersion: r.to_version,
      campaignStatus: r.campaign_status,
    }));
  }

  /** Per campaign, how many of its clusters are in each status: for the list. */
  async statusCounts(campaignIds: string[]): Promise<Map<string, Record<string, number>>> {
    const { rows } = await this.pool.query<{ campaign_id: string; status: string; n: number }>(
      'SELECT campaign_id, status, count(*) AS n FROM campaign_clusters WHERE campaign_id = ANY($1::uuid[]) GROUP BY 1, 2',
      [campaignIds],
    );
    const counts = new Map<string, Record<string, number>>();
    for (const r of rows) counts.set(r.campaign_id, { ...counts.get(r.campaign_id), [r.status]: r.n });
    return counts;
  }

  async setStatus(id: string, status: CampaignStatus, haltedReason: string | null, db: Queryable): Promise<void> {
    const finished = status === 'halted' || status === 'cancelled' || status === 'completed';
    await db.query(
      `UPDATE campaigns SET status = $2, halted_reason = COALESCE($3, halted_reason), updated_at = now(),
         finished_at = CASE WHEN $4::boolean THEN now() ELSE finished_at END WHERE id = $1`,
      [id, status, haltedReason, finished],
    );
  }

  async setProgress(id: string, currentWave: number, soakUntil: Date | null, db: Queryable): Promise<void> {
    await db.query('UPDATE campaigns SET current_wave = $2, soak_until = $3, updated_at = now() WHERE id = $1', [
      id,
      currentWave,
      soakUntil,
    ]);
  }

  /**
   * Where every wave stands, counted in PostgreSQL: one row per (wave, status) rather than one per
   * cluster, so a pass over a campaign of thousands reads a few rows, not the whole campaign.
   */
  async waveTally(campaignId: string, db: Queryable): Promise<WaveTally[]> {
    const { rows } = await db.query<{ wave: number; status: CampaignClusterStatus; n: number; finished_at: Date | null }>(
      `SELECT wave, status, count(*)::int AS n, max(finished_at) AS finished_at FROM campaign_clusters
        WHERE campaign_id = $1 GROUP BY wave, status`,
      [campaignId],
    );
    return rows.map((r) => ({ wave: r.wave, status: r.status, count: r.n, finishedAt: r.finished_at }));
  }

  /** The clusters whose upgrade failed or was rolled back, by name: the evidence of a halt. */
  async failedClusters(campaignId: string, db: Queryable): Promise<Array<{ name: string; outcome: 'failed' | 'rolled_back' }>> {
    const { rows } = await db.query<{ name: string; status: 'failed' | 'rolled_back' }>(
      `SELECT c.name, cc.status FROM campaign_clusters cc JOIN clusters c ON c.id = cc.cluster_id
        WHERE cc.campaign_id = $1 AND cc.status IN ('failed', 'rolled_back') ORDER BY cc.wave, cc.position`,
      [campaignId],
    );
    return rows.map((r) => ({ name: r.name, outcome: r.status }));
  }

  /** Up to `limit` clusters of a wave still waiting (pending or scheduled), in wave order after `afterPosition`. */
  async waiting(campaignId: string, wave: number, afterPosition: number, limit: number, db: Queryable): Promise<CampaignClusterRow[]> {
    const { rows } = await db.query<CampaignClusterDbRow>(
      `${clusterRowsSelect} WHERE cc.campaign_id = $1 AND cc.wave = $2 AND cc.position > $3 AND cc.status IN ('pending', 'scheduled')
        ORDER BY cc.position LIMIT $4`,
      [campaignId, wave, afterPosition, limit],
    );
    return rows.map(toCampaignCluster);
  }

  /** How many of the campaign's clusters are in each status (every status present, zero or not). */
  async counts(campaignId: string, db: Queryable = this.pool): Promise<Record<CampaignClusterStatus, number>> {
    const { rows } = await db.query<{ status: CampaignClusterStatus; n: number }>(
      'SELECT status, count(*)::int AS n FROM campaign_clusters WHERE campaign_id = $1 GROUP BY status',
      [campaignId],
    );
    const counts = Object.fromEntries(CampaignClusterStatuses.map((status) => [status, 0])) as Record<CampaignClusterStatus, number>;
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  /** Several clusters of a campaign moved to their new statuses in one statement (a pass's outcomes, skips and waits). */
  async setClusterStatuses(campaignId: string, changes: readonly CampaignClusterChange[], db: Queryable): Promise<void> {
    if (changes.length === 0) return;
    await db.query(
      `UPDATE campaign_clusters cc SET status = x.status, reason = x.reason, comparison = COALESCE(x.comparison, cc.comparison),
         planned_start = COALESCE(x.planned_start, cc.planned_start),
         finished_at = CASE WHEN x.status IN ('pending', 'scheduled', 'running') THEN cc.finished_at ELSE now() END
       FROM jsonb_to_recordset($2::jsonb) AS x(cluster_id uuid, status text, reason text, comparison jsonb, planned_start timestamptz)
       WHERE cc.campaign_id = $1 AND cc.cluster_id = x.cluster_id`,
      [
        campaignId,
        JSON.stringify(
          changes.map((c) => ({
            cluster_id: c.clusterId,
            status: c.status,
            reason: c.reason ?? null,
            comparison: c.comparison ?? null,
            planned_start: c.plannedStart?.toISOString() ?? null,
          })),
        ),
      ],
    );
  }

  /** Clusters whose upgrade operations were just recorded, marked running with their operation, in one statement. */
  async markStarted(campaignId: string, started: ReadonlyArray<{ clusterId: string; operationId: string }>, db: Queryable): Promise<void> {
    if (started.length === 0) return;
    await db.query(
      `UPDATE campaign_clusters cc SET status = 'running', operation_id = x.operation_id, started_at = now(), reason = NULL
       FROM jsonb_to_recordset($2::jsonb) AS x(cluster_id uuid, operation_id uuid)
       WHERE cc.campaign_id = $1 AND cc.cluster_id = x.cluster_id`,
      [campaignId, JSON.stringify(started.map((s) => ({ cluster_id: s.clusterId, operation_id: s.operationId })))],
    );
  }

  /** Moves every cluster still waiting (pending or scheduled) to `status`; returns how many. */
  async closeWaiting(campaignId: string, status: 'skipped' | 'cancelled', reason: string, db: Queryable): Promise<number> {
    const { rowCount } = await db.query(
      "UPDATE campaign_clusters SET status = $2, reason = $3, finished_at = now() WHERE campaign_id = $1 AND status IN ('pending', 'scheduled')",
      [campaignId, status, reason],
    );
    return rowCount ?? 0;
  }

  /** The operations of the campaign's running clusters, with the gate's verdict when there is one. */
  async runningUpgrades(campaignId: string, db: Queryable): Promise<RunningUpgrade[]> {
    const { rows } = await db.query<{
      cluster_id: string;
      cluster_name: string;
      operation_id: string;
      status: RunningUpgrade['status'];
      error: string | null;
      compare: Record<string, unknown> | null;
    }>(
      `SELECT cc.cluster_id, c.name AS cluster_name, o.id AS operation_id, o.status, o.error,
              (SELECT s.checkpoint FROM operation_steps s WHERE s.operation_id = o.id AND s.name = 'compare') AS compare
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
