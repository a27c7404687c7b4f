import type { Pool, PoolClient } from '../../infra/db/pool';
import { UnavailableError } from '../../core/errors';
import type { SecretBox } from '../../core/secrets/secret-box';

type Queryable = Pool | PoolClient;

export type DatabaseUserAccess = 'readwrite' | 'readonly';
export type DatabaseUserStatus = 'creating' | 'active' | 'deleting';

/** An application's user as the control plane keeps it: never a password, only the SHA-256 of each live one. */
export interface DatabaseUserRecord {
  clusterId: string;
  name: string;
  access: DatabaseUserAccess;
  scope: string[];
  status: DatabaseUserStatus;
  generation: number;
  passwordSha256: string;
  previous: { generation: number; passwordSha256: string; expiresAt: Date } | null;
  /** Whether the password of `generation` is still waiting (sealed) to be applied. */
  pending: boolean;
  createdBy: string;
  createdAt: Date;
  rotatedAt: Date | null;
}

interface Row {
  cluster_id: string;
  name: string;
  access: DatabaseUserAccess;
  scope: string[];
  status: DatabaseUserStatus;
  generation: number;
  password_sha256: string;
  previous_generation: number | null;
  previous_password_sha256: string | null;
  previous_expires_at: Date | null;
  pending_key_id: string | null;
  created_by: string;
  created_at: Date;
  rotated_at: Date | null;
}

const COLUMNS = `cluster_id, name, access, scope, status, generation, password_sha256, previous_generation,
  previous_password_sha256, previous_expires_at, pending_key_id, created_by, created_at, rotated_at`;

function toRecord(r: Row): DatabaseUserRecord {
  return {
    clusterId: r.cluster_id,
    name: r.name,
    access: r.access,
    scope: r.scope,
    status: r.status,
    generation: r.generation,
    passwordSha256: r.password_sha256,
    previous:
      r.previous_generation !== null && r.previous_expires_at
        ? { generation: r.previous_generation, passwordSha256: r.previous_password_sha256 ?? '', expiresAt: r.previous_expires_at }
        : null,
    pending: r.pending_key_id !== null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    rotatedAt: r.rotated_at,
  };
}

export interface NewDatabaseUser {
  clusterId: string;
  name: string;
  access: DatabaseUserAccess;
  scope: string[];
  password: string;
  passwordSha256: string;
  createdBy: string;
}

/**
 * Applications' users per cluster. A new password is sealed (AES-256-GCM, the cluster secrets' key)
 * only until the operation that applies it has done so; sealing needs this process's key to be the
 * database's current one, as for cluster secrets.
 */
export class DatabaseUserRepository {
  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
  ) {}

  async list(clusterId: string, db: Queryable = this.pool): Promise<DatabaseUserRecord[]> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM database_users WHERE cluster_id = $1 ORDER BY name`, [clusterId]);
    return rows.map(toRecord);
  }

  async find(clusterId: string, name: string, db: Queryable = this.pool): Promise<DatabaseUserRecord | null> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM database_users WHERE cluster_id = $1 AND name = $2`, [clusterId, name]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Locks the user's row for the caller's transaction (a rotation or deletion decided on what it read). */
  async lock(clusterId: string, name: string, db: PoolClient): Promise<DatabaseUserRecord | null> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM database_users WHERE cluster_id = $1 AND name = $2 FOR UPDATE`, [
      clusterId,
      name,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** False when the cluster already has a user of that name. */
  async insert(user: NewDatabaseUser, db: PoolClient): Promise<boolean> {
    const s = await this.sealed(user.password, db);
    const { rowCount } = await db.query(
      `INSERT INTO database_users (cluster_id, name, access, scope, status, generation, password_sha256,
                                   pending_ciphertext, pending_nonce, pending_auth_tag, pending_key_id, created_by)
       VALUES ($1, $2, $3, $4, 'creating', 1, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (cluster_id, name) DO NOTHING`,
      [user.clusterId, user.name, user.access, user.scope, user.passwordSha256, s.ciphertext, s.nonce, s.authTag, s.keyId, user.createdBy],
    );
    return rowCount === 1;
  }

  /** The next generation's password becomes current; the current one becomes the previous, working until `expiresAt`. */
  async rotate(
    clusterId: string,
    name: string,
    next: { generation: number; password: string; passwordSha256: string; previousExpiresAt: Date },
    db: PoolClient,
  ): Promise<void> {
    const s = await this.sealed(next.password, db);
    await db.query(
      `UPDATE database_users
          SET previous_generation = generation, previous_password_sha256 = password_sha256, previous_expires_at = $3,
              generation = $4, password_sha256 = $5, rotated_at = now(),
              pending_ciphertext = $6, pending_nonce = $7, pending_auth_tag = $8, pending_key_id = $9
        WHERE cluster_id = $1 AND name = $2`,
      [clusterId, name, next.previousExpiresAt, next.generation, next.passwordSha256, s.ciphertext, s.nonce, s.authTag, s.keyId],
    );
  }

  async markDeleting(clusterId: string, name: string, db: PoolClient): Promise<void> {
    await db.query(`UPDATE database_users SET status = 'deleting' WHERE cluster_id = $1 AND name = $2`, [clusterId, name]);
  }

  /** The sealed password of `generation`, opened, or null once it has been applied (or superseded). */
  async pendingPassword(clusterId: string, name: string, generation: number): Promise<string | null> {
    const { rows } = await this.pool.query<{ ciphertext: Buffer; nonce: Buffer; auth_tag: Buffer; key_id: string }>(
      `SELECT pending_ciphertext AS ciphertext, pending_nonce AS nonce, pending_auth_tag AS auth_tag, pending_key_id AS key_id
         FROM database_users WHERE cluster_id = $1 AND name = $2 AND generation = $3 AND pending_key_id IS NOT NULL`,
      [clusterId, name, generation],
    );
    const r = rows[0];
    return r ? this.box.open({ ciphertext: r.ciphertext, nonce: r.nonce, authTag: r.auth_tag, keyId: r.key_id }) : null;
  }

  /** The password of `generation` works on the servers: the sealed copy is erased. */
  async markApplied(clusterId: string, name: string, generation: number): Promise<void> {
    await this.pool.query(
      `UPDATE database_users
          SET status = CASE WHEN status = 'creating' THEN 'active' ELSE status END,
              pending_ciphertext = NULL, pending_nonce = NULL, pending_auth_tag = NULL, pending_key_id = NULL
        WHERE cluster_id = $1 AND name = $2 AND generation = $3`,
      [clusterId, name, generation],
    );
  }

  /** The previous password of `generation` no longer works. */
  async forgetPrevious(clusterId: string, name: string, generation: number): Promise<void> {
    await this.pool.query(
      `UPDATE database_users SET previous_generation = NULL, previous_password_sha256 = NULL, previous_expires_at = NULL
        WHERE cluster_id = $1 AND name = $2 AND previous_generation = $3`,
      [clusterId, name, generation],
    );
  }

  async remove(clusterId: string, name: string): Promise<void> {
    await this.pool.query(`DELETE FROM database_users WHERE cluster_id = $1 AND name = $2`, [clusterId, name]);
  }

  /** Seals under this process's key only while it is the database's current key, as cluster secrets are. */
  private async sealed(password: string, db: PoolClient) {
    const s = this.box.seal(password);
    const { rowCount } = await db.query('SELECT 1 FROM secret_key_current WHERE key_id = $1', [s.keyId]);
    if (!rowCount) {
      throw new UnavailableError(
        `this process's secret key ${s.keyId} is no longer the database's current key: give every process the same DATAFLEET_SECRET_KEY and restart this one`,
      );
    }
    return s;
  }
}
