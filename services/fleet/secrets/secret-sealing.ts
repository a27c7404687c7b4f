import type { Pool } from '../../infra/db/pool';
import { SecretKeyError, type SecretBox } from '../../core/secrets/secret-box';
import type { SecretColumns } from '../sql/cluster-secrets';

const BATCH = 200;

export interface SealingResult {
  /** Plaintext rows (from before sealing existed) sealed now. */
  sealed: number;
  /** Rows moved from an earlier key to the current one. */
  resealed: number;
  /** A key the database named that sealed nothing still stored, replaced by this process's key. */
  tookOverFrom?: string;
}

/**
 * Makes this process's key the database's current key when the database's is unset, one of this
 * process's earlier keys (a rotation), or a key that sealed nothing that is still stored (a fresh
 * checkout or data directory meeting a database an earlier one claimed: nothing can be lost by
 * taking it over, and a process still holding the old key is refused when it next seals, see
 * ClusterSecretRepository.insert). Refuses when the database holds secrets this keyring cannot open.
 * Returns the key id taken over, if any.
 */
async function claimCurrentKey(pool: Pool, box: SecretBox): Promise<string | undefined> {
  await pool.query('INSERT INTO secret_key_current (key_id) VALUES ($1) ON CONFLICT DO NOTHING', [box.currentKeyId]);
  const { rows } = await pool.query<{ key_id: string }>('SELECT key_id FROM secret_key_current');
  const registered = rows[0]?.key_id ?? box.currentKeyId;
  if (registered === box.currentKeyId) return undefined;
  if (!box.knownKeyIds().includes(registered)) {
    const { rows: sealed } = await pool.query<{ count: number }>('SELECT count(*)::int AS count FROM cluster_secrets WHERE key_id = $1', [registered]);
    if ((sealed[0]?.count ?? 0) > 0) {
      throw new SecretKeyError(
        `this database seals cluster secrets with key ${registered}, which this process does not have (its key is ${box.currentKeyId}): ` +
          'every process sharing a database needs the same DATAFLEET_SECRET_KEY (or a copy of the data directory\'s secret-key); ' +
          'after a rotation, give the previous key in DATAFLEET_SECRET_KEYS_OLD',
      );
    }
  }
  await pool.query('UPDATE secret_key_current SET key_id = $1, updated_at = now() WHERE key_id = $2', [box.currentKeyId, registered]);
  return box.knownKeyIds().includes(registered) ? undefined : registered;
}

/**
 * Brings every cluster secret under the current key before the process serves: seals plaintext
 * rows and re-seals rows of earlier keys, nulling the plaintext in the same statement. Each batch
 * is one transaction holding row locks in key order, so two processes starting at once wait for
 * each other's rows instead of sealing them twice, and a row re-checked after the wait is skipped
 * once it no longer needs work. Refuses to start when the database's current key, or the key of a
 * row, is not in the keyring.
 */
export async function sealClusterSecrets(pool: Pool, box: SecretBox): Promise<SealingResult> {
  const tookOverFrom = await claimCurrentKey(pool, box);
  const known = box.knownKeyIds();
  const { rows: unknown } = await pool.query<{ key_id: string; count: number }>(
    'SELECT key_id, count(*)::int AS count FROM cluster_secrets WHERE key_id IS NOT NULL AND NOT (key_id = ANY($1)) GROUP BY key_id',
    [known],
  );
  if (unknown.length) {
    const list = unknown.map((u) => `${u.count} under key ${u.key_id}`).join(', ');
    throw new SecretKeyError(
      `cluster secrets are sealed with keys this process does not have (${list}; it has ${known.join(', ')}): ` +
        'set DATAFLEET_SECRET_KEY to the key they were sealed with, or give it in DATAFLEET_SECRET_KEYS_OLD',
    );
  }
  const result: SealingResult = { sealed: 0, resealed: 0, ...(tookOverFrom ? { tookOverFrom } : {}) };
  for (;;) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<SecretColumns & { cluster_id: string }>(
        `SELECT cluster_id, password, ciphertext, nonce, auth_tag, key_id FROM cluster_secrets
          WHERE key_id IS DISTINCT FROM $1 ORDER BY cluster_id LIMIT ${BATCH} FOR UPDATE`,
        [box.currentKeyId],
      );
      for (const row of rows) {
        const plaintext = row.password ?? box.open({ ciphertext: row.ciphertext!, nonce: row.nonce!, authTag: row.auth_tag!, keyId: row.key_id! });
        const s = box.seal(plaintext);
        await client.query(
          'UPDATE cluster_secrets SET password = NULL, ciphertext = $2, nonce = $3, auth_tag = $4, key_id = $5 WHERE cluster_id = $1',
          [row.cluster_id, s.ciphertext, s.nonce, s.authTag, s.keyId],
        );
        if (row.password !== null) result.sealed += 1;
        else result.resealed += 1;
      }
      await client.query('COMMIT');
      if (rows.length === 0) return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
