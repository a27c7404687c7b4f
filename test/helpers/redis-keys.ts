import { Redis } from 'ioredis';

/**
 * Removes every key under a test's own prefix from the machine's shared Redis (SCAN + UNLINK,
 * never a FLUSH: other runs share the server). Best effort: a Redis gone away leaves them.
 */
export async function deleteKeysUnder(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch {
    // The keys stay; the next run's prefixes are its own.
  } finally {
    redis.disconnect();
  }
}
