import type { Pool, PoolClient } from '../../infra/db/pool';
import type { SealedSecret } from '../../core/secrets/secret-box';
import type { SecretColumns } from './cluster-secrets';

/** Names this key the database's current one when none is named yet; returns the one named now. */
export async function claimKeyIfUnset(pool: Pool, keyId: string): Promise<string | undefined> {
  await pool.query('INSERT INTO secret_key_current (key_id) VALUES ($1) ON CONFLICT DO NOTHING', [keyId]);
  const { rows } = await pool.query<{ key_id: string }>('SELECT key_id FROM secret_key_current');
  return rows[0]?.key_id;
}

/** How many stored secrets this key sealed. */
export async function countSealedUnder(pool: Pool, keyId: string): Promise<number> {
  const { rows } = await pool.query<{ count: number }>('SELECT count(*)::int AS count FROM cluster_secrets WHERE key_id = $1', [keyId]);
  return rows[0]?.count ?? 0;
}

/** Replaces the current key, only if it is still `previous` (another process may have moved it). */
export async function replaceCurrentKey(pool: Pool, keyId: string, previous: string): Promise<void> {
  await pool.query('UPDATE secret_key_current SET key_id = $1, updated_at = now() WHERE key_id = $2', [keyId, previous]);
}

/** Stored secrets sealed with a key not among `known`, counted per key. */
export async function secretsUnderOtherKeys(pool: Pool, known: string[]): Promise<Array<{ key_id: string; count: number }>> {
  const { rows } = await pool.query<{ key_id: string; count: number }>(
    'SELECT key_id, count(*)::int AS count FROM cluster_secrets WHERE key_id IS NOT NULL AND NOT (key_id = ANY($1)) GROUP BY key_id',
    [known],
  );
  return rows;
}

/** Up to `limit` secrets not sealed with `keyId`, locked in key order for this transaction. */
export async function lockSecretsToSeal(
  client: PoolClient,
  keyId: string,
  limit: number,
): Promise<Array<SecretColumns & { cluster_id: string }>> {
  const { rows } = await client.query<SecretColumns & { cluster_id: string }>(
    `SELECT cluster_id, password, ciphertext, nonce, auth_tag, key_id FROM cluster_secrets
      WHERE key_id IS DISTINCT FROM $1 ORDER BY cluster_id LIMIT $2 FOR UPDATE`,
    [keyId, limit],
  );
  return rows;
}

/** Stores a secret sealed anew, dropping any plaintext in the same statement. */
export async function storeResealed(client: PoolClient, clusterId: string, s: SealedSecret): Promise<void> {
  await client.query(
    'UPDATE cluster_secrets SET password = NULL, ciphertext = $2, nonce = $3, auth_tag = $4, key_id = $5 WHERE cluster_id = $1',
    [clusterId, s.ciphertext, s.nonce, s.authTag, s.keyId],
  );
}
