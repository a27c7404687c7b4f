import { Redis, type RedisOptions } from 'ioredis';

/**
 * BullMQ workers block on Redis and must retry forever rather than fail a command, hence
 * maxRetriesPerRequest: null.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
  // Errors surface through the commands that hit them; an unhandled 'error' event would crash the process.
  redis.on('error', () => undefined);
  return redis;
}
