import type { Pool, PoolClient } from '../../infra/db/pool';
import type { BackupArtifact, BackupKind, RestoreExpectation } from '../../core/engine-port';
import type { EngineName } from '../../core/types';
import type { SnapshotManifestEntry } from '../../core/engine-snapshots';
import type { SecretBox } from '../../core/secrets/secret-box';
import type { Backup, BackupStatus } from '../backup';

type Row = Record<string, unknown>;

const SELECT = `SELECT b.*, c.name AS cluster_name, c.owner_team_id FROM backups b JOIN clusters c ON c.id = b.cluster_id`;

const toBackup = (r: Row): Backup => ({
  id: r.id as string,
  clusterId: r.cluster_id as string,
  clusterName: r.cluster_name as string,
  ownerTeamId: r.owner_team_id as string,
  operationId: r.operation_id as string,
  engine: r.engine as EngineName,
  kind: r.kind as BackupKind,
  status: r.status as BackupStatus,
  scheduled: r.scheduled as boolean,
  label: (r.label as string | null) ?? null,
  sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
  storedBytes: r.stored_bytes === null ? null : Number(r.stored_bytes),
  startedAt: (r.started_at as Date | null) ?? null,
  finishedAt: (r.finished_at as Date | null) ?? null,
  walStart: (r.wal_start as string | null) ?? null,
  walStop: (r.wal_stop as string | null) ?? null,
  checksum: (r.checksum as string | null) ?? null,
  location: (r.location as string | null) ?? null,
  manifest: (r.manifest as SnapshotManifestEntry[] | null) ?? null,
  error: (r.error as string | null) ?? null,
  requestedBy: r.requested_by as string,
  createdAt: r.created_at as Date,
});

export interface NewBackup {
  id: string;
  clusterId: string;
  operationId: string;
  engine: EngineName;
  kind: BackupKind;
  scheduled: boolean;
  requestedBy: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The backups table: a row per backup operation, filled in by its workflow. */
export class BackupRepository {
  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
  ) {}

  /** Written in the transaction that records the operation, so a backup never exists without it. */
  async insert(backup: NewBackup, db: Pool | PoolClient): Promise<void> {
    await db.query(
      `INSERT INTO backups (id, cluster_id, operation_id, engine, kind, status, scheduled, requested_by)
       VALUES ($1, $2, $3, $4, $5, 'running', $6, $7)`,
      [backup.id, backup.clusterId, backup.operationId, backup.engine, backup.kind, backup.scheduled, backup.requestedBy],
    );
  }

  async get(id: string): Promise<Backup | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.pool.query<Row>(`${SELECT} WHERE b.id = $1`, [id]);
    return rows[0] ? toBackup(rows[0]) : null;
  }

  /** Newest first. */
  async forCluster(clusterId: string, limit = 100): Promise<Backup[]> {
    const { rows } = await this.pool.query<Row>(`${SELECT} WHERE b.cluster_id = $1 ORDER BY b.created_at DESC LIMIT $2`, [
      clusterId,
      limit,
    ]);
    return rows.map(toBackup);
  }

  /**
   * What the repository made, once, with the admin password the backed-up data holds (sealed); a
   * repeated call (a resumed step) writes the same values again.
   */
  async complete(id: string, artifact: BackupArtifact, login: string): Promise<void> {
    const sealed = this.box.seal(login);
    await this.pool.query(
      `UPDATE backups SET status = 'succeeded', kind = $2, label = $3, size_bytes = $4, stored_bytes = $5, started_at = $6,
         finished_at = $7, wal_start = $8, wal_stop = $9, checksum = $10, location = $11, manifest = $12, error = NULL,
         login_ciphertext = $13, login_nonce = $14, login_auth_tag = $15, login_key_id = $16, updated_at = now()
       WHERE id = $1`,
      [
        id,
        artifact.kind,
        artifact.label,
        artifact.sizeBytes,
        artifact.storedBytes,
        artifact.startedAt,
        artifact.finishedAt,
        artifact.walStart,
        artifact.walStop,
        artifact.checksum,
        artifact.location,
        artifact.manifest ? JSON.stringify(artifact.manifest) : null,
        sealed.ciphertext,
        sealed.nonce,
        sealed.authTag,
        sealed.keyId,
      ],
    );
  }

  /** What a restore of the backup must hold, as the probe recorded it just before (and after) the backup ran. */
  async recordExpectation(id: string, expectation: RestoreExpectation): Promise<void> {
    await this.pool.query(`UPDATE backups SET restore_expectation = $2, updated_at = now() WHERE id = $1`, [
      id,
      JSON.stringify(expectation),
    ]);
  }

  /** The admin password the backup's data holds, or null for a backup recorded without one. */
  async login(id: string): Promise<string | null> {
    const { rows } = await this.pool.query<{
      ciphertext: Buffer | null;
      nonce: Buffer | null;
      auth_tag: Buffer | null;
      key_id: string | null;
    }>(
      `SELECT login_ciphertext AS ciphertext, login_nonce AS nonce, login_auth_tag AS auth_tag, login_key_id AS key_id FROM backups WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r?.ciphertext || !r.nonce || !r.auth_tag || !r.key_id) return null;
    return this.box.open({ ciphertext: r.ciphertext, nonce: r.nonce, authTag: r.auth_tag, keyId: r.key_id });
  }

  async fail(id: string, error: string): Promise<void> {
    await this.pool.query(`UPDATE backups SET status = 'failed', error = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [
      id,
      error,
    ]);
  }

  /** Marks expired every succeeded backup of the cluster whose label the repository no longer holds. */
  async expireAllBut(clusterId: string, keptLabels: readonly string[]): Promise<number> {
    const { rowCount } = await this.pool.query(
      `UPDATE backups SET status = 'expired', updated_at = now()
       WHERE cluster_id = $1 AND status = 'succeeded' AND NOT (label = ANY($2::text[]))`,
      [clusterId, keptLabels],
    );
    return rowCount ?? 0;
  }
}
