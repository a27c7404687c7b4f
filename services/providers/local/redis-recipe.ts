import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { LocalRecipe } from './recipe';

/** Local nodes are processes on a shared machine: they get a small memory cap whatever the spec says. */
const LOCAL_MAXMEMORY = '128mb';

export const redisRecipe: LocalRecipe = {
  engine: 'redis',
  stopSignal: 'SIGTERM',

  installedVersion() {
    const out = spawnSync('redis-server', ['--version']).stdout?.toString() ?? '';
    return /v=(\d+\.\d+\.\d+)/.exec(out)?.[1] ?? null;
  },

  async prepare(dir, port, request) {
    const conf = join(dir, 'redis.conf');
    if (existsSync(conf)) return;
    const lines = [
      `port ${port}`,
      'bind 127.0.0.1',
      'protected-mode no',
      `dir ${dir}`,
      'daemonize no',
      `requirepass "${request.password}"`,
      `masterauth "${request.password}"`,
      'appendonly yes',
      'save ""',
      `maxmemory ${LOCAL_MAXMEMORY}`,
      'maxmemory-policy noeviction',
      // Keep the node's directory in the process title so operators (and tests) can find it.
      'proc-title-template "{title} {listen-addr} {config-file}"',
      ...(request.role === 'replica' && request.primary ? [`replicaof ${request.primary.host} ${request.primary.port}`] : []),
    ];
    writeFileSync(conf, `${lines.join('\n')}\n`, { mode: 0o600 });
  },

  command(dir, logFile) {
    return { file: 'redis-server', args: [join(dir, 'redis.conf')], logFile };
  },

  async answers(port) {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null, enableReadyCheck: false });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
      return true;
    } catch (error) {
      return /NOAUTH|WRONGPASS|LOADING/.test((error as Error).message);
    } finally {
      redis.disconnect();
    }
  },
};
