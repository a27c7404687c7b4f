import type { Pool } from '../../infra/db/pool';
import { SecretKeyError, type SecretBox } from '../../core/secrets/secret-box';
import {
  claimKeyIfUnset,
  countSealedUnder,
  lockSecretsToSeal,
  replaceCurrentKey,
  secretsUnderOtherKeys,
  storeResealed,
} from '../sql/secret-keys';

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
  const registered = (await claimKeyIfUnset(pool, box.currentKeyId)) ?? box.currentKeyId;
  if (registered === box.currentKeyId) return undefined;
  if (!box.knownKeyIds().includes(registered)) {
    if ((await countSealedUnder(pool, registered)) > 0) {
      throw new SecretKeyError(
        `this database seals cluster secrets with key ${registered}, which this process does not have (its key is ${box.currentKeyId}): ` +
          "every process sharing a database needs the same DATAFLEET_SECRET_KEY (or a copy of the data directory's secret-key); " +
          'after a rotation, give the previous key in DATAFLEET_SECRET_KEYS_OLD',
      );
    }
  }
  await replaceCurrentKey(pool, box.currentKeyId, registered);
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
  const unknown = await secretsUnderOtherKeys(pool, known);
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
      const rows = await lockSecretsToSeal(client, box.currentKeyId, BATCH);
      for (const row of rows) {
        const plaintext =
          row.password ?? box.open({ ciphertext: row.ciphertext!, nonce: row.nonce!, authTag: row.auth_tag!, keyId: row.key_id! });
        await storeResealed(client, row.cluster_id, box.seal(plaintext));
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
