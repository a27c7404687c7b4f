import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKeyring, rotateKeyFile } from '../../services/core/secrets/secret-keys';
import { generateSecretKey, SecretKeyError } from '../../services/core/secrets/secret-box';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'datafleet-keyfile-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the data directory secret key', () => {
  it('is generated once, readable by its owner only, and the same on every load', () => {
    const first = loadKeyring({ secretKeysOld: [], dataDir: join(dataDir, 'new') });
    const file = join(dataDir, 'new', 'secret-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(loadKeyring({ secretKeysOld: [], dataDir: join(dataDir, 'new') }).current.id).toBe(first.current.id);
  });

  it('is refused when other users can read it, or when it is not a key', () => {
    const file = join(dataDir, 'secret-key');
    writeFileSync(file, `${generateSecretKey().key.toString('base64')}\n`, { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => loadKeyring({ secretKeysOld: [], dataDir })).toThrow(
      new SecretKeyError(`${file} is readable by other users (mode 644); run \`chmod 600 ${file}\``),
    );
    writeFileSync(file, 'hello\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(() => loadKeyring({ secretKeysOld: [], dataDir })).toThrow(`${file} line 1 is not a valid secret key`);
  });

  it('DATAFLEET_SECRET_KEY takes over; the file key and the old keys stay usable to open what they sealed', () => {
    const fileKey = loadKeyring({ secretKeysOld: [], dataDir }).current;
    const envKey = generateSecretKey();
    const old = generateSecretKey();
    const ring = loadKeyring({ secretKey: envKey.key.toString('hex'), secretKeysOld: [old.key.toString('base64')], dataDir });
    expect(ring.current.id).toBe(envKey.id);
    expect(ring.previous.map((k) => k.id).sort()).toEqual([fileKey.id, old.id].sort());
    expect(() => loadKeyring({ secretKeysOld: ['nope'], dataDir })).toThrow(/^DATAFLEET_SECRET_KEYS_OLD entry 1 is not a valid secret key/);
  });

  it('rotation makes a new current key and keeps the previous ones, all owner-only', () => {
    const before = loadKeyring({ secretKeysOld: [], dataDir }).current;
    const first = rotateKeyFile({ secretKeysOld: [], dataDir });
    const second = rotateKeyFile({ secretKeysOld: [], dataDir });
    expect(first.previousKeyId).toBe(before.id);
    expect(second.previousKeyId).toBe(first.currentKeyId);
    const ring = loadKeyring({ secretKeysOld: [], dataDir });
    expect(ring.current.id).toBe(second.currentKeyId);
    expect(ring.previous.map((k) => k.id)).toEqual([before.id, first.currentKeyId]);
    for (const f of ['secret-key', 'secret-keys-old']) expect(statSync(join(dataDir, f)).mode & 0o777).toBe(0o600);
    expect(() => rotateKeyFile({ secretKey: generateSecretKey().key.toString('hex'), secretKeysOld: [], dataDir })).toThrow(
      /DATAFLEET_SECRET_KEY is set/,
    );
  });
});
