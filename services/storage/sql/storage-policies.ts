import type { Pool, PoolClient } from '../../infra/db/pool';

type Row = Record<string, unknown>;

/** What the owning team decides: whether storage grows by itself, by how much, how early, up to what. */
export interface StoragePolicySettings {
  enabled: boolean;
  growByPercent: number;
  leadDays: number;
  maxDiskGb: number;
}

export interface StoredStoragePolicy extends StoragePolicySettings {
  clusterId: string;
  updatedBy: string;
  updatedAt: Date;
}

/** An enabled policy whose cluster's forecast runs out within its lead days and has no grow open. */
export interface StorageGrowCandidate {
  clusterId: string;
  exhaustionAt: Date;
  policy: StoragePolicySettings;
}

const toPolicy = (r: Row): StoredStoragePolicy => ({
  clusterId: r.cluster_id as string,
  enabled: r.enabled as boolean,
  growByPercent: r.grow_by_percent as number,
  leadDays: r.lead_days as number,
  maxDiskGb: r.max_disk_gb as number,
  updatedBy: r.updated_by as string,
  updatedAt: r.updated_at as Date,
});

/** Each cluster's automatic storage policy (migrations/030_storage.sql); a cluster without one never grows by itself. */
export class StoragePolicyRepository {
  constructor(private readonly pool: Pool) {}

  async get(clusterId: string): Promise<StoredStoragePolicy | null> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM storage_policies WHERE cluster_id = $1', [clusterId]);
    return rows[0] ? toPolicy(rows[0]) : null;
  }

  async put(
    clusterId: string,
    policy: StoragePolicySettings,
    updatedBy: string,
    db: Pool | PoolClient = this.pool,
  ): Promise<StoredStoragePolicy> {
    const { rows } = await db.query<Row>(
      `INSERT INTO storage_policies (cluster_id, enabled, grow_by_percent, lead_days, max_disk_gb, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cluster_id) DO UPDATE SET enabled = $2, grow_by_percent = $3, lead_days = $4, max_disk_gb = $5,
         updated_by = $6, updated_at = now()
       RETURNING *`,
      [clusterId, policy.enabled, policy.growByPercent, policy.leadDays, policy.maxDiskGb, updatedBy],
    );
    return toPolicy(rows[0]!);
  }

  /**
   * Active clusters whose enabled policy's lead days reach the latest forecast's exhaustion date,
   * with no grow_storage operation still open (the one scheduled before is not asked again).
   */
  async dueForGrowth(now: Date, clusterId?: string): Promise<StorageGrowCandidate[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT p.*, f.exhaustion_at
         FROM storage_policies p
         JOIN clusters c ON c.id = p.cluster_id
         JOIN capacity_forecasts f ON f.cluster_id = p.cluster_id
        WHERE p.enabled AND c.status = 'ACTIVE' AND ($2::uuid IS NULL OR p.cluster_id = $2)
          AND f.exhaustion_at IS NOT NULL AND f.exhaustion_at <= $1::timestamptz + make_interval(days => p.lead_days)
          AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.cluster_id = p.cluster_id AND o.type = 'grow_storage'
                            AND o.status IN ('pending', 'running'))
        ORDER BY f.exhaustion_at`,
      [now, clusterId ?? null],
    );
    return rows.map((r) => ({ clusterId: r.cluster_id as string, exhaustionAt: r.exhaustion_at as Date, policy: toPolicy(r) }));
  }
}
