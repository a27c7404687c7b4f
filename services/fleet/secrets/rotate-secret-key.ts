import type { Config } from '../../core/config';
import { openSecretBox, keySettings } from '../../core/secrets/secret-box-config';
import { rotateKeyFile } from '../../core/secrets/secret-keys';
import { createPool } from '../../infra/db/pool';
import { sealClusterSecrets, type SealingResult } from './secret-sealing';

export interface Rotation {
  /** Set when the data directory's key file was replaced (no DATAFLEET_SECRET_KEY). */
  previousKeyId: string | null;
  currentKeyId: string;
  /** Null when no DATABASE_URL was given: the next process to start re-seals. */
  resealed: SealingResult | null;
}

/**
 * `datafleet secrets rotate-key`: a new data-directory key (the old one kept to open what it
 * sealed), then every cluster secret re-sealed under the current key when the database is given.
 * With DATAFLEET_SECRET_KEY set, the operator has already chosen the new key: only the re-sealing runs.
 */
export async function rotateSecretKey(config: Config): Promise<Rotation> {
  const previousKeyId = config.secretKey ? null : rotateKeyFile(keySettings(config)).previousKeyId;
  const box = openSecretBox(config);
  if (!config.databaseUrl) return { previousKeyId, currentKeyId: box.currentKeyId, resealed: null };
  const pool = createPool(config.databaseUrl, 2);
  try {
    return { previousKeyId, currentKeyId: box.currentKeyId, resealed: await sealClusterSecrets(pool, box) };
  } finally {
    await pool.end();
  }
}
