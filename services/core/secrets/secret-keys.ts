import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSecretKey, parseSecretKey, SecretKeyError, type Keyring, type SecretKey } from './secret-box';

export interface KeySettings {
  /** DATAFLEET_SECRET_KEY: the key new secrets are sealed with. Unset: the data directory's key file. */
  secretKey?: string;
  /** DATAFLEET_SECRET_KEYS_OLD: earlier keys, kept only to open (and re-seal) what they sealed. */
  secretKeysOld: string[];
  dataDir: string;
}

export const keyFile = (dataDir: string): string => join(dataDir, 'secret-key');
export const oldKeysFile = (dataDir: string): string => join(dataDir, 'secret-keys-old');

function readPrivateFile(path: string): string {
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    throw new SecretKeyError(`${path} is readable by other users (mode ${mode.toString(8)}); run \`chmod 600 ${path}\``);
  }
  return readFileSync(path, 'utf8');
}

function keysInFile(path: string): SecretKey[] {
  if (!existsSync(path)) return [];
  return readPrivateFile(path)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line, i) => parseSecretKey(line, `${path} line ${i + 1}`));
}

/** The data directory's key, created (mode 0600) by the first process that needs it; a racing process reads the winner's. */
function fileKey(dataDir: string): SecretKey {
  const path = keyFile(dataDir);
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(path)) {
    try {
      writeFileSync(path, `${generateSecretKey().key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const [key] = keysInFile(path);
  if (!key) throw new SecretKeyError(`${path} holds no key; delete it only if no secret was ever sealed with it, or restore it`);
  return key;
}

function unique(keys: SecretKey[], current: SecretKey): SecretKey[] {
  const seen = new Set([current.id]);
  return keys.filter((k) => !seen.has(k.id) && seen.add(k.id));
}

/**
 * The keyring: DATAFLEET_SECRET_KEY when set (the data directory's key files then count as earlier
 * keys, so moving from the generated key to a managed one needs no extra step), else the data
 * directory's `secret-key`, generated when missing. Malformed keys throw SecretKeyError.
 */
export function loadKeyring(settings: KeySettings): Keyring {
  const fromEnv = settings.secretKey !== undefined && settings.secretKey !== '';
  const current = fromEnv ? parseSecretKey(settings.secretKey ?? '', 'DATAFLEET_SECRET_KEY') : fileKey(settings.dataDir);
  const old = settings.secretKeysOld.map((k, i) => parseSecretKey(k, `DATAFLEET_SECRET_KEYS_OLD entry ${i + 1}`));
  const files = [...(fromEnv ? keysInFile(keyFile(settings.dataDir)) : []), ...keysInFile(oldKeysFile(settings.dataDir))];
  return { current, previous: unique([...old, ...files], current) };
}

/**
 * Replaces the data directory's key with a new one, keeping the old one in `secret-keys-old` so
 * what it sealed can still be opened until it is re-sealed. Refused when the key comes from the
 * environment: the operator rotates that one (see the README).
 */
export function rotateKeyFile(settings: KeySettings): { previousKeyId: string; currentKeyId: string } {
  if (settings.secretKey) {
    throw new SecretKeyError(
      "DATAFLEET_SECRET_KEY is set, so the key is not the data directory's to rotate: set the new key in DATAFLEET_SECRET_KEY, " +
        'move the old one to DATAFLEET_SECRET_KEYS_OLD and restart; every secret is re-sealed under the new key at startup',
    );
  }
  const previous = fileKey(settings.dataDir);
  const next = generateSecretKey();
  appendFileSync(oldKeysFile(settings.dataDir), `${previous.key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(oldKeysFile(settings.dataDir), 0o600);
  const staging = `${keyFile(settings.dataDir)}.new`;
  writeFileSync(staging, `${next.key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(staging, 0o600);
  renameSync(staging, keyFile(settings.dataDir));
  return { previousKeyId: previous.id, currentKeyId: next.id };
}
