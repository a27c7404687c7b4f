import type { Config } from '../config';
import { SecretBox } from './secret-box';
import { loadKeyring, type KeySettings } from './secret-keys';

export const keySettings = (config: Config): KeySettings => ({
  secretKey: config.secretKey,
  secretKeysOld: config.secretKeysOld,
  dataDir: config.dataDir,
});

/**
 * The process's SecretBox. It re-reads the keyring when it meets a key it does not hold, so a
 * rotation of the data directory's key by another process (`datafleet secrets rotate-key`) is
 * picked up without a restart.
 */
export function openSecretBox(config: Config): SecretBox {
  const settings = keySettings(config);
  return new SecretBox(loadKeyring(settings), () => loadKeyring(settings));
}
