import type { Pool } from '../../../infra/db/pool';
import type { SnapshotManifestEntry } from '../../../core/engine-port';

/** A row of sim_snapshots (migrations/024_snapshots.sql). */
export interface SimSnapshotRow {
  snapshot_id: string;
  tag: string;
  cluster_id: string;
  engine: string;
  manifest: SnapshotManifestEntry[];
  size_bytes: string;
  stored_bytes: string;
  started_at: Date;
  finished_at: Date;
  checksum: string;
  expired_at: Date | null;
}

export type NewSimSnapshot = Omit<SimSnapshotRow, 'expired_at' | 'size_bytes' | 'stored_bytes'> & {
  size_bytes: number;
  stored_bytes: number;
};

/** The simulated cloud's snapshot repository. */
export class SimSnapshots {
  constructor(private readonly pool: Pool) {}

  async byTag(tag: string): Promise<SimSnapshotRow | null> {
    const { rows } = await this.pool.query<SimSnapshotRow>('SELECT * FROM sim_snapshots WHERE tag = $1', [tag]);
    return rows[0] ?? null;
  }

  async byId(clusterId: string, snapshotId: string): Promise<SimSnapshotRow | null> {
    const { rows } = await this.pool.query<SimSnapshotRow>('SELECT * FROM sim_snapshots WHERE cluster_id = $1 AND snapshot_id = $2', [
      clusterId,
      snapshotId,
    ]);
    return rows[0] ?? null;
  }

  /** Kept snapshots of a cluster, newest first. */
  async kept(clusterId: string): Promise<SimSnapshotRow[]> {
    const { rows } = await this.pool.query<SimSnapshotRow>(
      'SELECT * FROM sim_snapshots WHERE cluster_id = $1 AND expired_at IS NULL ORDER BY started_at DESC, snapshot_id',
      [clusterId],
    );
    return rows;
  }

  /** Records a snapshot unless its tag already has one; returns the one recorded for the tag. */
  async insert(snapshot: NewSimSnapshot): Promise<SimSnapshotRow> {
    await this.pool.query(
      `INSERT INTO sim_snapshots (snapshot_id, tag, cluster_id, engine, manifest, size_bytes, stored_bytes, started_at, finished_at, checksum)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (tag) DO NOTHING`,
      [
        snapshot.snapshot_id,
        snapshot.tag,
        snapshot.cluster_id,
        snapshot.engine,
        JSON.stringify(snapshot.manifest),
        snapshot.size_bytes,
        snapshot.stored_bytes,
        snapshot.started_at,
        snapshot.finished_at,
        snapshot.checksum,
      ],
    );
    const row = await this.byTag(snapshot.tag);
    if (!row) throw new Error(`simulated snapshot ${snapshot.snapshot_id} vanished while being recorded`);
    return row;
  }

  async expire(clusterId: string, snapshotIds: readonly string[], at: Date): Promise<void> {
    if (snapshotIds.length === 0) return;
    await this.pool.query(
      'UPDATE sim_snapshots SET expired_at = $3 WHERE cluster_id = $1 AND snapshot_id = ANY($2::text[]) AND expired_at IS NULL',
      [clusterId, snapshotIds, at],
    );
  }
}
