import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { startAppOn, timed, ANSWERED_WITHIN_MS } from '../helpers/private-app';

let redis: PrivateRedis;
let db: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  redis = await startPrivateRedis();
  db = await createTestDatabase();
  app = await startAppOn({ databaseUrl: db.url, redisUrl: redis.url });
});
afterAll(async () => {
  redis?.resume();
  await app?.stop().catch(() => undefined);
  await db?.drop();
  redis?.remove();
});

const createBody = (name: string) => ({
  name,
  engine: 'cassandra',
  owner: 'platform',
  expectedDataGb: 100,
  regions: ['us-east-1'],
  environment: 'test',
});

async function status(name: string): Promise<string | undefined> {
  const res = await app.api(`/api/clusters/${name}`);
  return res.status === 200 ? ((await res.json()) as { status: string }).status : undefined;
}

describe('a Redis that accepts connections but answers nothing (hung, partitioned)', () => {
  it('/readyz and a create are answered soon after the command timeout, and the cluster is provisioned once Redis answers again', async () => {
    expect((await app.api('/api/clusters', { method: 'POST', json: createBody('before-pause') })).status).toBe(202);
    await eventually(async () => (await status('before-pause')) === 'ACTIVE', 90_000);

    redis.pause();
    try {
      const readiness = await timed((signal) => fetch(`${app.url}/readyz`, { signal }));
      expect(readiness.ms).toBeLessThan(ANSWERED_WITHIN_MS);
      expect(readiness.status).toBe(503);
      expect(readiness.body.error?.details?.down).toEqual(['redis']);

      const created = await timed((signal) => app.api('/api/clusters', { signal, method: 'POST', json: createBody('while-paused') }));
      expect(created.ms).toBeLessThan(ANSWERED_WITHIN_MS);
      expect(created.status).toBe(202);
      const decommission = await timed((signal) =>
        app.api('/api/clusters/before-pause', { signal, method: 'DELETE', json: { reason: 'fault test' } }),
      );
      expect(decommission.ms).toBeLessThan(ANSWERED_WITHIN_MS);
      expect(decommission.status).toBe(202);
    } finally {
      redis.resume();
    }
    await eventually(async () => (await status('while-paused')) === 'ACTIVE', 90_000);
    await eventually(async () => (await status('before-pause')) === 'DECOMMISSIONED', 90_000);
  }, 240_000);
});
