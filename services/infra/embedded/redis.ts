import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { freePort, redisReachable } from './probe';
import { sleep } from '../../core/clock';

export interface ResolvedRedis {
  url: string;
  source: 'REDIS_URL' | 'local server' | 'embedded';
  stop(): Promise<void>;
}

export const NO_REDIS_HELP = [
  'Datafleet needs Redis (it carries the work queues) and found none:',
  'REDIS_URL is not set, nothing answers on 127.0.0.1:6379, and there is no redis-server on PATH to start.',
  'Either set REDIS_URL=redis://host:6379, or install Redis (Debian/Ubuntu: apt-get install redis-server;',
  'macOS: brew install redis), or run `docker compose up -d redis` from this folder, then start again.',
].join('\n');

export class NoRedisError extends Error {
  constructor() {
    super(NO_REDIS_HELP);
  }
}

/**
 * REDIS_URL when set; else a Redis on the default local port; else a redis-server from PATH
 * started on a free port (append-only file under <dataDir>/redis, so queued work survives restarts).
 */
export async function resolveRedis(redisUrl: string | undefined, dataDir: string, logger: Logger): Promise<ResolvedRedis> {
  const nothing = async () => undefined;
  if (redisUrl) return { url: redisUrl, source: 'REDIS_URL', stop: nothing };
  const local = 'redis://127.0.0.1:6379';
  if (await redisReachable(local)) return { url: local, source: 'local server', stop: nothing };
  return startRedisServer(dataDir, logger);
}

/** A redis-server from PATH on a free port, append-only file under <dataDir>/redis. */
export async function startRedisServer(dataDir: string, logger: Logger): Promise<ResolvedRedis> {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new NoRedisError();
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisReachable(url)); i += 1) await sleep(100);
  logger.info({ port, dir }, 'started redis-server');
  return {
    url,
    source: 'embedded',
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}
