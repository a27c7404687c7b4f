import { describe, expect, it } from 'vitest';
import {
  generateSecretKey,
  parseSecretKey,
  SecretBox,
  SecretKeyError,
  SecretUnreadableError,
} from '../../services/core/secrets/secret-box';

const hexKey = 'a'.repeat(64);
const base64Key = Buffer.alloc(32, 7).toString('base64');

describe('SecretBox (AES-256-GCM)', () => {
  it('seals a password into ciphertext that does not contain it, and opens it again', () => {
    const box = new SecretBox({ current: generateSecretKey(), previous: [] });
    const sealed = box.seal('hunter2-correct-horse');
    expect(sealed.ciphertext.toString('utf8')).not.toContain('hunter2');
    expect(sealed.nonce).toHaveLength(12);
    expect(sealed.authTag).toHaveLength(16);
    expect(sealed.keyId).toBe(box.currentKeyId);
    expect(box.open(sealed)).toBe('hunter2-correct-horse');
    expect(box.seal('hunter2-correct-horse').nonce.equals(sealed.nonce)).toBe(false); // a fresh nonce each time
  });

  it('refuses a tampered ciphertext, tag or nonce', () => {
    const box = new SecretBox({ current: generateSecretKey(), previous: [] });
    const sealed = box.seal('s3cret');
    const flip = (b: Buffer) => Buffer.from(b.map((byte, i) => (i === 0 ? byte ^ 1 : byte)));
    for (const tampered of [
      { ...sealed, ciphertext: flip(sealed.ciphertext) },
      { ...sealed, authTag: flip(sealed.authTag) },
      { ...sealed, nonce: flip(sealed.nonce) },
    ]) {
      expect(() => box.open(tampered)).toThrow(SecretUnreadableError);
      expect(() => box.open(tampered)).toThrow(/failed authentication/);
    }
  });

  it('a wrong key with the right id is refused; a key it lacks is named in a clear error', () => {
    const a = generateSecretKey();
    const sealed = new SecretBox({ current: a, previous: [] }).seal('s3cret');
    const impostor = new SecretBox({ current: { id: a.id, key: generateSecretKey().key }, previous: [] });
    expect(() => impostor.open(sealed)).toThrow(/failed authentication/);
    const other = new SecretBox({ current: generateSecretKey(), previous: [] });
    expect(() => other.open(sealed)).toThrow(new RegExp(`sealed with key ${a.id}, which is not in the keyring.*DATAFLEET_SECRET_KEYS_OLD`));
  });

  it('opens under an earlier key after a rotation and seals under the new one', () => {
    const old = generateSecretKey();
    const sealed = new SecretBox({ current: old, previous: [] }).seal('s3cret');
    const rotated = new SecretBox({ current: generateSecretKey(), previous: [old] });
    expect(rotated.open(sealed)).toBe('s3cret');
    expect(rotated.seal('s3cret').keyId).not.toBe(old.id);
  });

  it('reloads the keyring once when it meets a key it does not hold', () => {
    const next = generateSecretKey();
    const sealed = new SecretBox({ current: next, previous: [] }).seal('s3cret');
    let reloads = 0;
    const box = new SecretBox({ current: generateSecretKey(), previous: [] }, () => (reloads++, { current: next, previous: [] }));
    expect(box.open(sealed)).toBe('s3cret');
    expect(reloads).toBe(1);
  });
});

describe('parseSecretKey', () => {
  it('accepts 32 bytes as hex, base64 or base64url, with the same id for the same key', () => {
    expect(parseSecretKey(hexKey, 'x').key).toHaveLength(32);
    const b64 = parseSecretKey(base64Key, 'x');
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64url'), 'x').id).toBe(b64.id);
    expect(parseSecretKey(` ${base64Key}\n`, 'x').id).toBe(b64.id);
    expect(b64.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each(['', 'short', 'a'.repeat(63), Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('base64'), 'not base64 at all!'])(
    'refuses %j with a message naming the source and the expected form',
    (text) => {
      expect(() => parseSecretKey(text, 'DATAFLEET_SECRET_KEY')).toThrow(SecretKeyError);
      expect(() => parseSecretKey(text, 'DATAFLEET_SECRET_KEY')).toThrow(
        /^DATAFLEET_SECRET_KEY is not a valid secret key: expected 32 bytes as 64 hex digits or base64/,
      );
    },
  );
});
