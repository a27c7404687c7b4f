import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatafleet, type Role, type RunningDatafleet } from '../../services/app/app';
import type { Config } from '../../services/core/config';
import { newSecret } from '../../services/core/ids';
import { createTestDatabase } from './database';
import { deleteKeysUnder } from './redis-keys';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestApp extends RunningDatafleet {
  /** fetch against the app with the admin token (or another) as bearer. */
  api(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
}

/**
 * A whole Datafleet (api + worker by default) for one test: its own cloned database, the machine's
 * Redis under a random queue prefix, a temporary data directory and a random port.
 */
export async function startTestApp(options: { roles?: Role[]; config?: Partial<Config> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const queuePrefix = `dft-${newSecret(6)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'datafleet-test-'));
  // A test that set its own prefix (or Redis) keeps its keys under it: only this app's default prefix is removed.
  const ownsPrefix = !options.config?.queuePrefix && !options.config?.redisUrl;
  const start = startDatafleet({
    roles: options.roles,
    config: {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: db.url,
      redisUrl: testRedisUrl,
      dataDir,
      logLevel: 'warn',
      adminToken: `test_${newSecret(16)}`,
      queuePrefix,
      jobLockMs: 4000,
      reconcileIntervalMs: 1000,
      simulatorTimeScale: 600,
      // No background job on a schedule (0 = off): not at start, and not at the top of an hour in
      // the middle of a test. A scheduled maintenance scan would turn the simulator's random
      // retirement notices into replacements; a scheduled backup would start in a local Redis's
      // all-day window; a scheduled rollup would recompute today's and, after midnight,
      // yesterday's daily rollup from the live simulator over the shape a capacity test seeded.
      // Tests run these jobs themselves, or set the period they test.
      maintenanceScanEveryMs: 0,
      backupScanEveryMs: 0,
      restoreDrillScanEveryMs: 0,
      storageScanEveryMs: 0,
      metricsRollupEveryMs: 0,
      forecastEveryMs: 0,
      // A healthy simulated upgrade is wrongly rolled back on drift a few times in a thousand (the
      // gate's measured error, bench:gate); across the suite's many upgrades that would fail a run
      // now and then. Tests of the gate's judgement under noise set it on or use short runs.
      simulatorBenchmarkDrift: false,
      // Tests poll hard with one token; the rate-limit test sets its own low limit.
      rateLimitPerMinute: 1_000_000,
      ...options.config,
    },
  });
  // A start that fails after making its queues leaves no keys, database or directory behind either.
  const running = await start.catch(async (error: unknown) => {
    await stopProcessesUnder(dataDir);
    await db.drop().catch(() => undefined);
    if (ownsPrefix) await deleteKeysUnder(testRedisUrl, queuePrefix);
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    throw error;
  });
  const api = apiClient(running.url, running.adminToken);
  return {
    ...running,
    api,
    async stop() {
      await running.stop();
      await stopProcessesUnder(dataDir);
      await db.drop();
      if (ownsPrefix) await deleteKeysUnder(testRedisUrl, queuePrefix);
      // Node logs (servers, Patroni, etcd) outlive the run when asked: DATAFLEET_TEST_KEEP_NODES=<dir>.
      const keep = process.env.DATAFLEET_TEST_KEEP_NODES;
      if (keep) spawnSync('cp', ['-a', dataDir, join(keep, `${Date.now()}-${dataDir.split('/').pop()}`)]);
      // Retried: a file written as the last process exits makes a directory not empty for a moment.
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/**
 * Whatever a test left running under its data directory (local node processes, Patroni, etcd, a
 * server's WAL archiver), stopped before the directory is removed: asked to stop, given up to 10 s
 * (a PostgreSQL server archives its last WAL into the backup repository as it exits), then killed.
 */
async function stopProcessesUnder(dir: string): Promise<void> {
  spawnSync('pkill', ['-f', dir]);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && spawnSync('pgrep', ['-f', dir]).status === 0) await new Promise((r) => setTimeout(r, 200));
  spawnSync('pkill', ['-KILL', '-f', dir]);
}

/** fetch against a running app's URL with its admin token (or another) as bearer, and JSON bodies made easy. */
export function apiClient(url: string, adminToken: string): TestApp['api'] {
  return (path, init = {}) => {
    const { token = adminToken, json, headers, ...rest } = init;
    return fetch(`${url}${path}`, {
      ...rest,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(headers as Record<string, string> | undefined),
      },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  };
}

/**
 * No wait for a condition gives up sooner than this. The suite shares two cores with other work:
 * a deadline that holds on an idle machine (a few health intervals, a process start) fails on a
 * busy one, and a generous deadline costs nothing when the condition arrives early.
 */
export const MIN_WAIT_MS = 60_000;

/**
 * Polls until `check` returns a value, or fails with the last value seen. `timeoutMs` is raised to
 * MIN_WAIT_MS: callers say how long they expect, never how soon it must fail; a test that must show
 * something happened quickly asserts it from recorded timestamps or counts, not from this deadline.
 */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + Math.max(timeoutMs, MIN_WAIT_MS);
  let last: unknown;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    last = value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${Math.max(timeoutMs, MIN_WAIT_MS)} ms (last: ${JSON.stringify(last)})`);
}
