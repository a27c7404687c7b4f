import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A secret as stored: AES-256-GCM ciphertext, its 12-byte nonce, its 16-byte tag and the id of the key that sealed it. */
export interface SealedSecret {
  ciphertext: Buffer;
  nonce: Buffer;
  authTag: Buffer;
  keyId: string;
}

export interface SecretKey {
  /** A fingerprint of the key (not the key): lets a row name the key that sealed it. */
  id: string;
  key: Buffer;
}

export interface Keyring {
  current: SecretKey;
  /** Keys that may still have sealed some rows; used to open, never to seal. */
  previous: SecretKey[];
}

/** The secret key is missing, malformed or does not match the stored secrets: the process must not start. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** A stored secret cannot be opened: sealed under an unknown key, or altered since it was sealed. */
export class SecretUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnreadableError';
  }
}

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
// Binds every ciphertext to its purpose, so a sealed secret cannot be passed off as another kind of value.
const AAD = Buffer.from('datafleet:cluster-secret:v1');

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('datafleet-secret-key-id:').update(key).digest('hex').slice(0, 16);
}

/** Reads a 32-byte key written as 64 hex digits or as base64 (standard or url-safe); `source` names where it came from. */
export function parseSecretKey(text: string, source: string): SecretKey {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== KEY_BYTES) {
    throw new SecretKeyError(
      `${source} is not a valid secret key: expected 32 bytes as 64 hex digits or base64 (e.g. the output of \`openssl rand -base64 32\`)`,
    );
  }
  return { id: keyIdOf(key), key };
}

export function generateSecretKey(): SecretKey {
  const key = randomBytes(KEY_BYTES);
  return { id: keyIdOf(key), key };
}

/**
 * Seals secrets under the current key of a keyring and opens them under any key it holds. When a
 * secret names a key it does not hold, it asks `reload` once for a newer keyring (a rotation made
 * by another process) before refusing.
 */
export class SecretBox {
  constructor(
    private keyring: Keyring,
    private readonly reload?: () => Keyring,
  ) {}

  get currentKeyId(): string {
    return this.keyring.current.id;
  }

  knownKeyIds(): string[] {
    return [this.keyring.current.id, ...this.keyring.previous.map((k) => k.id)];
  }

  seal(plaintext: string): SealedSecret {
    const { id, key } = this.keyring.current;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES }).setAAD(AAD);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext, nonce, authTag: cipher.getAuthTag(), keyId: id };
  }

  open(sealed: SealedSecret): string {
    const key = this.keyFor(sealed.keyId);
    if (sealed.nonce.length !== NONCE_BYTES || sealed.authTag.length !== TAG_BYTES) {
      throw new SecretUnreadableError('stored secret is malformed (nonce or tag of the wrong length)');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: TAG_BYTES }).setAAD(AAD);
      decipher.setAuthTag(sealed.authTag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadableError(
        `stored secret failed authentication under key ${sealed.keyId}: it was altered, or the key with that id is not the one that sealed it`,
      );
    }
  }

  private keyFor(keyId: string): Buffer {
    const find = () => [this.keyring.current, ...this.keyring.previous].find((k) => k.id === keyId)?.key;
    let key = find();
    if (!key && this.reload) {
      this.keyring = this.reload();
      key = find();
    }
    if (!key) {
      throw new SecretUnreadableError(
        `stored secret was sealed with key ${keyId}, which is not in the keyring (current ${this.keyring.current.id}); ` +
          'give the previous key in DATAFLEET_SECRET_KEYS_OLD (or the secret-keys-old file of the data directory)',
      );
    }
    return key;
  }
}
