import type { Pool, PoolClient } from '../../infra/db/pool';
import { SecretUnreadableError, type SecretBox } from '../../core/secrets/secret-box';
import { UnavailableError } from '../../core/errors';
import type { EngineName } from '../../core/types';

type Queryable = Pool | PoolClient;

/** The sealed columns of a cluster_secrets row; `password` is the plaintext of a row not sealed yet. */
export interface SecretColumns {
  password: string | null;
  ciphertext: Buffer | null;
  nonce: Buffer | null;
  auth_tag: Buffer | null;
  key_id: string | null;
}

/** Columns to select (table alias `s`) for `ClusterSecretRepository.open`. */
export const secretColumns = 's.password, s.ciphertext, s.nonce, s.auth_tag, s.key_id';

/**
 * Cluster credentials, sealed with AES-256-GCM before they reach PostgreSQL: a dump of the
 * database shows ciphertext, nonce, tag and key id, never a password.
 */
export class ClusterSecretRepository {
  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
  ) {}

  /**
   * Seals under this process's key only while it is the database's current key: a process whose key
   * another process has since replaced must not store a secret the others cannot open.
   */
  async insert(clusterId: string, password: string, db: Queryable): Promise<void> {
    const s = this.box.seal(password);
    const { rowCount } = await db.query(
      `INSERT INTO cluster_secrets (cluster_id, ciphertext, nonce, auth_tag, key_id)
       SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM secret_key_current WHERE key_id = $5)`,
      [clusterId, s.ciphertext, s.nonce, s.authTag, s.keyId],
    );
    if (!rowCount) {
      throw new UnavailableError(
        `this process's secret key ${s.keyId} is no longer the database's current key: another process started with a different key; ` +
          'give every process the same DATAFLEET_SECRET_KEY and restart this one',
      );
    }
  }

  async password(clusterId: string, db: Queryable = this.pool): Promise<string> {
    const { rows } = await db.query<SecretColumns>(`SELECT ${secretColumns} FROM cluster_secrets s WHERE s.cluster_id = $1`, [clusterId]);
    if (!rows[0]) throw new Error(`cluster ${clusterId} has no stored credential`);
    return this.open(clusterId, rows[0]);
  }

  /**
   * The credentials of every live (ACTIVE or UPDATING) cluster, each opened only when asked for:
   * the health collector probes real nodes with them, and simulated nodes need none.
   */
  async liveClusterCredentials(): Promise<Array<{ clusterId: string; engine: EngineName; password: () => string }>> {
    const { rows } = await this.pool.query<SecretColumns & { cluster_id: string; engine: EngineName }>(
      `SELECT c.id AS cluster_id, c.engine, ${secretColumns} FROM clusters c JOIN cluster_secrets s ON s.cluster_id = c.id
        WHERE c.status IN ('ACTIVE', 'UPDATING')`,
    );
    return rows.map((r) => ({ clusterId: r.cluster_id, engine: r.engine, password: () => this.open(r.cluster_id, r) }));
  }

  /** The password of a selected row; a row written before sealing existed (and not sealed yet) is read as it is. */
  open(clusterId: string, row: SecretColumns): string {
    if (row.ciphertext && row.nonce && row.auth_tag && row.key_id) {
      try {
        return this.box.open({ ciphertext: row.ciphertext, nonce: row.nonce, authTag: row.auth_tag, keyId: row.key_id });
      } catch (error) {
        if (error instanceof SecretUnreadableError) throw new SecretUnreadableError(`credential of cluster ${clusterId}: ${error.message}`);
        throw error;
      }
    }
    if (row.password !== null) return row.password;
    throw new SecretUnreadableError(`credential of cluster ${clusterId} is neither sealed nor plaintext`);
  }

  /** Seals the next password of a rotation beside the current one; a repeated call keeps the one already there. */
  async storeNext(clusterId: string, password: string): Promise<void> {
    const s = this.box.seal(password);
    await this.pool.query(
      `UPDATE cluster_secrets SET next_ciphertext = $2, next_nonce = $3, next_auth_tag = $4, next_key_id = $5
        WHERE cluster_id = $1 AND next_key_id IS NULL AND EXISTS (SELECT 1 FROM secret_key_current WHERE key_id = $5)`,
      [clusterId, s.ciphertext, s.nonce, s.authTag, s.keyId],
    );
  }

  /** The next password of a rotation in progress, or null. */
  async nextPassword(clusterId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ ciphertext: Buffer; nonce: Buffer; auth_tag: Buffer; key_id: string }>(
      `SELECT next_ciphertext AS ciphertext, next_nonce AS nonce, next_auth_tag AS auth_tag, next_key_id AS key_id
         FROM cluster_secrets WHERE cluster_id = $1 AND next_key_id IS NOT NULL`,
      [clusterId],
    );
    const r = rows[0];
    return r ? this.open(clusterId, { password: null, ...r }) : null;
  }

  /** The next password becomes the current one (the servers accept it now). */
  async adoptNext(clusterId: string): Promise<void> {
    await this.pool.query(
      `UPDATE cluster_secrets
          SET password = NULL, ciphertext = next_ciphertext, nonce = next_nonce, auth_tag = next_auth_tag, key_id = next_key_id,
              next_ciphertext = NULL, next_nonce = NULL, next_auth_tag = NULL, next_key_id = NULL
        WHERE cluster_id = $1 AND next_key_id IS NOT NULL`,
      [clusterId],
    );
  }
}
