import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatafleet, type Role } from '../../services/app/app';
import type { Config } from '../../services/core/config';
import { newSecret } from '../../services/core/ids';
import { apiClient, testRedisUrl, type TestApp } from './app';
import { deleteKeysUnder } from './redis-keys';

/**
 * A whole Datafleet on servers the test chose (a private PostgreSQL or Redis it will break), with
 * the same test settings as startTestApp. The test owns those servers; stop() leaves them alone.
 */
export async function startAppOn(options: {
  databaseUrl: string;
  redisUrl: string;
  roles?: Role[];
  config?: Partial<Config>;
}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'datafleet-test-'));
  const queuePrefix = `dft-${newSecret(6)}`;
  // On the machine's shared Redis, this app's keys go with it (a private Redis goes with its test).
  const ownsKeys = options.redisUrl === testRedisUrl && !options.config?.queuePrefix;
  let running;
  try {
    running = await startDatafleet({
      roles: options.roles,
      config: {
        port: 0,
        host: '127.0.0.1',
        databaseUrl: options.databaseUrl,
        redisUrl: options.redisUrl,
        dataDir,
        logLevel: 'error',
        adminToken: `test_${newSecret(16)}`,
        queuePrefix,
        jobLockMs: 4000,
        reconcileIntervalMs: 1000,
        simulatorTimeScale: 600,
        maintenanceScanEveryMs: 0,
        ...options.config,
      },
    });
  } catch (error) {
    if (ownsKeys) await deleteKeysUnder(testRedisUrl, queuePrefix);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const app = running;
  return {
    ...app,
    api: apiClient(app.url, app.adminToken),
    async stop() {
      await app.stop();
      spawnSync('pkill', ['-f', dataDir]);
      if (ownsKeys) await deleteKeysUnder(testRedisUrl, queuePrefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TimedAnswer {
  status: number;
  ms: number;
  retryAfter: string | null;
  body: { error?: { code?: string; message?: string; details?: Record<string, unknown> } } & Record<string, unknown>;
}

/**
 * While a dependency is down or hung, the API answers after at most its connect or command timeout
 * (2 s by default) instead of hanging. Tests check requests against this bound, which separates
 * "answered once the timeout fired" from "hung until the client gave up" (`timed`'s 10 s) with room
 * for a busy machine; how fast an answer is belongs to the benchmarks.
 */
export const ANSWERED_WITHIN_MS = 5000;

/** One request, timed; a request that takes longer than `limitMs` is aborted and reported as status 0. */
export async function timed(send: (signal: AbortSignal) => Promise<Response>, limitMs = 10_000): Promise<TimedAnswer> {
  const started = Date.now();
  try {
    const res = await send(AbortSignal.timeout(limitMs));
    const text = await res.text();
    let body: TimedAnswer['body'] = {};
    try {
      body = JSON.parse(text) as TimedAnswer['body'];
    } catch {
      body = { text };
    }
    return { status: res.status, ms: Date.now() - started, retryAfter: res.headers.get('retry-after'), body };
  } catch {
    return { status: 0, ms: Date.now() - started, retryAfter: null, body: {} };
  }
}
