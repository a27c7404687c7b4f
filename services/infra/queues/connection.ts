import { Redis, type RedisOptions } from 'ioredis';

/**
 * For BullMQ workers and blocking readers: they wait on Redis and must retry forever rather than
 * fail a command, hence maxRetriesPerRequest: null and the offline queue (commands wait for the
 * reconnection).
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
  // Errors surface through the commands that hit them; an unhandled 'error' event would crash the process.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * For the API and the producers (queueing a job, publishing a live event, reading health): a
 * command fails at once while Redis is disconnected (no offline queue) and after
 * `commandTimeoutMs` when Redis does not answer, so a request is answered instead of hanging. A
 * committed change whose job could not be queued is picked up by the reconciler later. The
 * connection itself keeps reconnecting in the background.
 */
export function createCommandRedis(url: string, commandTimeoutMs: number): Redis {
  return createRedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: commandTimeoutMs });
}

/** Resolves once the connection is ready (it connects by itself); rejects after timeoutMs. */
export function untilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis was not reachable within ${timeoutMs} ms`));
    }, timeoutMs);
    redis.once('ready', onReady);
  });
}
