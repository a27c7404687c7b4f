import { newSecret, sha256Hex } from '../core/ids';

/**
 * A generated password (32 URL-safe characters, 192 random bits: no quoting needed in any engine's
 * syntax) and its SHA-256, the only trace of it the control plane keeps once it is applied.
 */
export function newPassword(): { password: string; passwordSha256: string } {
  const password = newSecret(24);
  return { password, passwordSha256: sha256Hex(password) };
}
