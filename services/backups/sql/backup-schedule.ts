import type { Pool } from '../../infra/db/pool';
import type { BackupKind } from '../../core/engine-port';
import type { EngineName } from '../../core/types';
import type { StoredBackupPolicy } from './backup-policies';

/** An ACTIVE cluster the backup scan considers, with its own policy (if any) and its latest backups. */
export interface ScheduleCandidate {
  clusterId: string;
  clusterName: string;
  engine: EngineName;
  policy: Omit<StoredBackupPolicy, 'clusterId' | 'updatedBy' | 'updatedAt'> | null;
  /** The newest backup that is running or succeeded (a failed one is retried at the next scan). */
  lastBackupAt: Date | null;
  lastFullAt: Date | null;
}

type Row = Record<string, unknown>;

/** What the scheduled backup scan reads: one statement over the clusters of regions that can back up. */
export class BackupScheduleRepository {
  constructor(private readonly pool: Pool) {}

  async candidates(regions: readonly string[], engines: readonly string[]): Promise<ScheduleCandidate[]> {
    if (regions.length === 0 || engines.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT c.id, c.name, c.engine, p.enabled, p.frequency_hours, p.kind, p.full_every_days, p.retention_days,
              p.window_start_hour, p.window_hours,
              (SELECT max(b.created_at) FROM backups b WHERE b.cluster_id = c.id AND b.status IN ('running', 'succeeded')) AS last_backup_at,
              (SELECT max(b.created_at) FROM backups b
                WHERE b.cluster_id = c.id AND b.status IN ('running', 'succeeded') AND b.kind IN ('full', 'snapshot')) AS last_full_at
       FROM clusters c LEFT JOIN backup_policies p ON p.cluster_id = c.id
       WHERE c.status = 'ACTIVE' AND c.origin->>'drillId' IS NULL AND c.regions && $1::text[] AND c.engine = ANY($2::text[])`,
      [regions, engines],
    );
    return rows.map((r) => ({
      clusterId: r.id as string,
      clusterName: r.name as string,
      engine: r.engine as EngineName,
      policy:
        r.enabled === null
          ? null
          : {
              enabled: r.enabled as boolean,
              frequencyHours: r.frequency_hours as number,
              kind: r.kind as BackupKind,
              fullEveryDays: r.full_every_days as number,
              retentionDays: r.retention_days as number,
              windowStartHour: r.window_start_hour as number,
              windowHours: r.window_hours as number,
            },
      lastBackupAt: (r.last_backup_at as Date | null) ?? null,
      lastFullAt: (r.last_full_at as Date | null) ?? null,
    }));
  }
}
