import type { Pool, PoolClient } from '../../infra/db/pool';
import type { BackupKind, BackupPolicySettings } from '../../core/engine-port';

type Row = Record<string, unknown>;

export interface StoredBackupPolicy extends BackupPolicySettings {
  clusterId: string;
  updatedBy: string;
  updatedAt: Date;
}

const toPolicy = (r: Row): StoredBackupPolicy => ({
  clusterId: r.cluster_id as string,
  enabled: r.enabled as boolean,
  frequencyHours: r.frequency_hours as number,
  kind: r.kind as BackupKind,
  fullEveryDays: r.full_every_days as number,
  retentionDays: r.retention_days as number,
  windowStartHour: r.window_start_hour as number,
  windowHours: r.window_hours as number,
  updatedBy: r.updated_by as string,
  updatedAt: r.updated_at as Date,
});

/** A cluster's own backup policy; a cluster without one follows its engine's default. */
export class BackupPolicyRepository {
  constructor(private readonly pool: Pool) {}

  async get(clusterId: string): Promise<StoredBackupPolicy | null> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM backup_policies WHERE cluster_id = $1', [clusterId]);
    return rows[0] ? toPolicy(rows[0]) : null;
  }

  async put(
    clusterId: string,
    policy: BackupPolicySettings,
    updatedBy: string,
    db: Pool | PoolClient = this.pool,
  ): Promise<StoredBackupPolicy> {
    const { rows } = await db.query<Row>(
      `INSERT INTO backup_policies (cluster_id, enabled, frequency_hours, kind, full_every_days, retention_days, window_start_hour, window_hours, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (cluster_id) DO UPDATE SET enabled = $2, frequency_hours = $3, kind = $4, full_every_days = $5, retention_days = $6,
         window_start_hour = $7, window_hours = $8, updated_by = $9, updated_at = now()
       RETURNING *`,
      [
        clusterId,
        policy.enabled,
        policy.frequencyHours,
        policy.kind,
        policy.fullEveryDays,
        policy.retentionDays,
        policy.windowStartHour,
        policy.windowHours,
        updatedBy,
      ],
    );
    return toPolicy(rows[0]!);
  }
}
