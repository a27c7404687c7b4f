import type { Pool } from '../../infra/db/pool';
import type { WebhookDelivery } from '../../alerts/webhook';
import { newId } from '../../core/ids';

export interface NoticeDelivery extends WebhookDelivery {
  channel: string;
}

/** A threshold crossing of one cluster: open until its days left go back above the threshold. */
export interface CapacityNotice {
  id: string;
  clusterId: string;
  thresholdDays: number;
  crossedAt: Date;
  daysLeft: number;
  exhaustionAt: Date | null;
  notifiedAt: Date | null;
  deliveries: NoticeDelivery[];
  clearedAt: Date | null;
}

export interface NewNotice {
  clusterId: string;
  thresholdDays: number;
  daysLeft: number;
  exhaustionAt: Date | null;
}

interface Row {
  id: string;
  cluster_id: string;
  threshold_days: number;
  crossed_at: Date;
  days_left: number;
  exhaustion_at: Date | null;
  notified_at: Date | null;
  deliveries: NoticeDelivery[];
  cleared_at: Date | null;
}

const fromRow = (r: Row): CapacityNotice => ({
  id: r.id,
  clusterId: r.cluster_id,
  thresholdDays: r.threshold_days,
  crossedAt: r.crossed_at,
  daysLeft: r.days_left,
  exhaustionAt: r.exhaustion_at,
  notifiedAt: r.notified_at,
  deliveries: r.deliveries,
  clearedAt: r.cleared_at,
});

/** Capacity notices; the partial unique index keeps one open notice per cluster and threshold. */
export class NoticeRepository {
  constructor(private readonly pool: Pool) {}

  /** The open notices of a batch of clusters, in one query. */
  async open(clusterIds: string[]): Promise<CapacityNotice[]> {
    if (clusterIds.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM capacity_notices WHERE cluster_id = ANY($1::uuid[]) AND cleared_at IS NULL',
      [clusterIds],
    );
    return rows.map(fromRow);
  }

  /**
   * Inserts the crossings of a batch in one statement. Returns only the notices this call created:
   * one already open (another run got there first) is skipped, so nobody is told twice.
   */
  async openMany(notices: NewNotice[], at: Date): Promise<CapacityNotice[]> {
    if (notices.length === 0) return [];
    const rows = notices.map((n) => ({
      id: newId(),
      cluster_id: n.clusterId,
      threshold_days: n.thresholdDays,
      crossed_at: at,
      days_left: n.daysLeft,
      exhaustion_at: n.exhaustionAt,
    }));
    const { rows: inserted } = await this.pool.query<Row>(
      `INSERT INTO capacity_notices (id, cluster_id, threshold_days, crossed_at, days_left, exhaustion_at)
       SELECT id, cluster_id, threshold_days, crossed_at, days_left, exhaustion_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, cluster_id uuid, threshold_days int, crossed_at timestamptz, days_left int, exhaustion_at timestamptz)
       ON CONFLICT (cluster_id, threshold_days) WHERE cleared_at IS NULL DO NOTHING
       RETURNING *`,
      [JSON.stringify(rows)],
    );
    return inserted.map(fromRow);
  }

  /** Re-arms: the notices stay as history, and the next crossing opens a new one. */
  async clearMany(ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query('UPDATE capacity_notices SET cleared_at = $2 WHERE id = ANY($1::uuid[]) AND cleared_at IS NULL', [ids, at]);
  }

  /** Records each notice's deliveries, for a whole batch in one statement. */
  async recordDeliveries(notified: Array<{ ids: string[]; deliveries: NoticeDelivery[] }>, at: Date): Promise<void> {
    const rows = notified.flatMap(({ ids, deliveries }) => ids.map((id) => ({ id, deliveries })));
    if (rows.length === 0) return;
    await this.pool.query(
      `UPDATE capacity_notices n SET notified_at = $2, deliveries = n.deliveries || r.deliveries
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, deliveries jsonb)
        WHERE n.id = r.id`,
      [JSON.stringify(rows), at],
    );
  }

  /** A cluster's notices, newest first. */
  async forCluster(clusterId: string, limit = 100): Promise<CapacityNotice[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM capacity_notices WHERE cluster_id = $1 ORDER BY crossed_at DESC, threshold_days LIMIT $2',
      [clusterId, limit],
    );
    return rows.map(fromRow);
  }
}
