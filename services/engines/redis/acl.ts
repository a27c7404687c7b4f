import type { Redis } from 'ioredis';

/** The SHA-256 hashes of a user's passwords, as ACL GETUSER lists them (empty for a user that is gone). */
export async function passwordHashes(client: Redis, username: string): Promise<string[]> {
  const user = (await client.call('ACL', 'GETUSER', username)) as unknown[] | null;
  const at = user ? user.indexOf('passwords') : -1;
  return at >= 0 ? (user![at + 1] as string[]) : [];
}
