import type { PoolClient } from '../../infra/db/pool';
import type { Campaign, CampaignClusterStatus, CampaignStatus } from '../types';
import { toCampaign, type CampaignDbRow } from './campaign-rows';
import { CampaignReads, type Queryable } from './campaign-reads';

export type { RunningUpgrade, WaveTally } from './campaign-reads';

export interface NewCampaignCluster {
  clusterId: string;
  wave: number;
  position: number;
  plannedStart: string;
  fromVersion: string;
}

/** One change of a campaign cluster's row, as setClusterStatuses writes it. */
export interface CampaignClusterChange {
  clusterId: string;
  status: CampaignClusterStatus;
  reason?: string | null;
  comparison?: unknown;
  plannedStart?: Date;
}

/**
 * Campaigns and their clusters: the writes (a new campaign, status and progress, each cluster's
 * outcome), on top of the reads in campaign-reads.ts. The campaign worker holds the campaign row
 * locked for a tick.
 */
export class CampaignRepository extends CampaignReads {
  async insert(c: Campaign, clusters: NewCampaignCluster[], db: Queryable): Promise<void> {
    await db.query(
      `INSERT INTO campaigns (id, name, engine, from_version, to_version, selector, waves, in_flight, soak_minutes, failure_budget,
         upgrade_minutes, benchmark_seconds, status, plan, created_by, created_at, updated_at, to_instance_type)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$16,$12,$13,$14,$15,$15,$17)`,
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
        c.toInstanceType,
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
  /** The campaign locked for this transaction, or null when another worker holds it right now. */ async lock(
    id: string,
    db: PoolClient,
  ): Promise<Campaign | null> {
    const { rows } = await db.query<CampaignDbRow>('SELECT * FROM campaigns WHERE id = $1 FOR UPDATE SKIP LOCKED', [id]);
    return rows[0] ? toCampaign(rows[0]) : null;
  }
  /** The campaign's status, its row locked until the transaction ends (waiting for a tick that holds it); undefined when there is none. */ async lockStatus(
    id: string,
    db: PoolClient,
  ): Promise<CampaignStatus | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const { rows } = await db.query<{ status: CampaignStatus }>('SELECT status FROM campaigns WHERE id = $1 FOR UPDATE', [id]);
    return rows[0]?.status;
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
  /** Several clusters of a campaign moved to their new statuses in one statement (a pass's outcomes, skips and waits). */ async setClusterStatuses(
    campaignId: string,
    changes: readonly CampaignClusterChange[],
    db: Queryable,
  ): Promise<void> {
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
  /** Clusters whose upgrade operations were just recorded, marked running with their operation, in one statement. */ async markStarted(
    campaignId: string,
    started: ReadonlyArray<{ clusterId: string; operationId: string }>,
    db: Queryable,
  ): Promise<void> {
    if (started.length === 0) return;
    await db.query(
      `UPDATE campaign_clusters cc SET status = 'running', operation_id = x.operation_id, started_at = now(), reason = NULL
       FROM jsonb_to_recordset($2::jsonb) AS x(cluster_id uuid, operation_id uuid)
       WHERE cc.campaign_id = $1 AND cc.cluster_id = x.cluster_id`,
      [campaignId, JSON.stringify(started.map((s) => ({ cluster_id: s.clusterId, operation_id: s.operationId })))],
    );
  }
  /** Moves every cluster still waiting (pending or scheduled) to `status`; returns how many. */ async closeWaiting(
    campaignId: string,
    status: 'skipped' | 'cancelled',
    reason: string,
    db: Queryable,
  ): Promise<number> {
    const { rowCount } = await db.query(
      "UPDATE campaign_clusters SET status = $2, reason = $3, finished_at = now() WHERE campaign_id = $1 AND status IN ('pending', 'scheduled')",
      [campaignId, status, reason],
    );
    return rowCount ?? 0;
  }
}
