import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { startAppOn, timed, ANSWERED_WITHIN_MS } from '../helpers/private-app';
import { exited, spawnWorker } from '../helpers/worker-process';
import { CAMPAIGNS_QUEUE, CAMPAIGN_TICK_SCHEDULER } from '../../services/infra/queues/campaign-queue';
import { BACKGROUND_QUEUE, BackgroundJobs } from '../../services/infra/queues/background-queue';

let redis: PrivateRedis;
let db: TestDatabase;
let app: TestApp;
let worker: ChildProcess;

beforeAll(async () => {
  redis = await startPrivateRedis();
  db = await createTestDatabase();
  // The API runs in this process (an unhandled error fails the run); the worker in a child whose exit is visible.
  app = await startAppOn({ databaseUrl: db.url, redisUrl: redis.url, roles: ['api'], config: { healthIntervalMs: 500 } });
  worker = spawnWorker(app, { DATAFLEET_HEALTH_INTERVAL_MS: '500' });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  if (worker) await exited(worker);
  await app?.stop().catch(() => undefined);
  await db?.drop();
  redis?.remove();
});

const create = (name: string) =>
  app.api('/api/clusters', {
    method: 'POST',
    json: { name, engine: 'cassandra', owner: 'platform', expectedDataGb: 100, regions: ['us-east-1'], environment: 'test' },
  });

const workerAlive = () => worker.exitCode === null && worker.signalCode === null;

/** Polls `check`, failing at once if the worker process died meanwhile. */
function whileWorkerAlive<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 90_000): Promise<T> {
  return eventually(async () => {
    if (!workerAlive()) throw new Error(`the worker process exited (${worker.exitCode ?? worker.signalCode})`);
    return check();
  }, timeoutMs);
}

async function status(name: string): Promise<string | undefined> {
  const res = await app.api(`/api/clusters/${name}`);
  return res.status === 200 ? ((await res.json()) as { status: string }).status : undefined;
}

async function scored(name: string): Promise<boolean> {
  const res = await app.api(`/api/clusters/${name}/health`);
  return res.status === 200 && ((await res.json()) as { score: number | null }).score !== null;
}

async function schedulersPresent(): Promise<boolean> {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  connection.on('error', () => undefined);
  const campaigns = new Queue(CAMPAIGNS_QUEUE, { connection, prefix: app.config.queuePrefix });
  const background = new Queue(BACKGROUND_QUEUE, { connection, prefix: app.config.queuePrefix });
  try {
    const found = await Promise.all([
      campaigns.getJobScheduler(CAMPAIGN_TICK_SCHEDULER),
      ...BackgroundJobs.map((name) => background.getJobScheduler(name)),
    ]);
    return found.every(Boolean);
  } finally {
    await campaigns.close();
    await background.close();
    connection.disconnect();
  }
}

describe('Redis losing its data and going away', () => {
  it('after FLUSHALL, health scoring resumes, lost jobs are queued again and the schedulers come back', async () => {
    expect((await create('before-flush')).status).toBe(202);
    await whileWorkerAlive(async () => (await status('before-flush')) === 'ACTIVE');
    await whileWorkerAlive(() => scored('before-flush'));
    await whileWorkerAlive(() => schedulersPresent());

    // Flushed right after it was queued: its job is gone, the operation is in PostgreSQL only.
    expect((await create('flushed-job')).status).toBe(202);
    await redis.flushAll();
    expect((await create('after-flush')).status).toBe(202);

    await whileWorkerAlive(async () => (await status('flushed-job')) === 'ACTIVE');
    await whileWorkerAlive(async () => (await status('after-flush')) === 'ACTIVE');
    // A cluster born after the flush gets a score: the aggregator recreated its stream group.
    await whileWorkerAlive(() => scored('after-flush'));
    await whileWorkerAlive(() => schedulersPresent());
  }, 240_000);

  it('while Redis is stopped, a create is answered at once and completes when Redis is back; /readyz says Redis', async () => {
    await redis.stop();
    let createdId: string;
    try {
      const readiness = await timed((signal) => fetch(`${app.url}/readyz`, { signal }));
      expect(readiness.ms).toBeLessThan(ANSWERED_WITHIN_MS);
      expect(readiness.status).toBe(503);
      expect(readiness.retryAfter).toMatch(/^\d+$/);
      expect(readiness.body.error?.code).toBe('unavailable');
      expect(readiness.body.error?.details?.down).toEqual(['redis']);

      // The change is committed in PostgreSQL: 202 at once, queued later by the reconciler.
      const created = await timed((signal) =>
        app.api('/api/clusters', {
          signal,
          method: 'POST',
          json: {
            name: 'while-redis-down',
            engine: 'cassandra',
            owner: 'platform',
            expectedDataGb: 100,
            regions: ['us-east-1'],
            environment: 'test',
          },
        }),
      );
      expect(created.ms).toBeLessThan(ANSWERED_WITHIN_MS);
      expect(created.status).toBe(202);
      createdId = String((created.body.operation as { id: string }).id);
      expect(await status('while-redis-down')).toBe('PROVISIONING');

      // So is a decommission: the operation is committed, its job waits for Redis.
      const decommission = await timed((signal) =>
        app.api('/api/clusters/before-flush', { signal, method: 'DELETE', json: { reason: 'fault test' } }),
      );
      expect(decommission.ms).toBeLessThan(ANSWERED_WITHIN_MS);
      expect(decommission.status).toBe(202);

      // A request that only queues work and commits nothing first is refused cleanly, and leaves no trace.
      const forecast = await timed((signal) => app.api('/api/capacity/forecast', { signal, method: 'POST' }));
      expect(forecast.ms).toBeLessThan(2500);
      expect(forecast.status).toBe(503);
      expect(forecast.retryAfter).toMatch(/^\d+$/);
      expect(forecast.body.error).toMatchObject({ code: 'unavailable', details: { dependency: 'redis' } });
      const { rowCount } = await db.pool.query("SELECT 1 FROM audit_events WHERE action = 'capacity.forecast_fleet'");
      expect(rowCount).toBe(0);

      // Reads served from PostgreSQL keep working; the worker rides the outage out.
      const outageStarted = Date.now();
      await whileWorkerAlive(async () => {
        expect((await app.api('/api/clusters')).status).toBe(200);
        return Date.now() - outageStarted > 8000;
      }, 30_000);
    } finally {
      await redis.start();
    }
    await whileWorkerAlive(async () => (await fetch(`${app.url}/readyz`)).status === 200, 30_000);
    await whileWorkerAlive(async () => (await status('while-redis-down')) === 'ACTIVE');
    const op = (await (await app.api(`/api/operations/${createdId}`)).json()) as { status: string };
    expect(op.status).toBe('succeeded');
    await whileWorkerAlive(() => scored('while-redis-down'));
    await whileWorkerAlive(async () => (await status('before-flush')) === 'DECOMMISSIONED');
    expect((await create('after-redis-back')).status).toBe(202);
    await whileWorkerAlive(async () => (await status('after-redis-back')) === 'ACTIVE');
  }, 240_000);
});
