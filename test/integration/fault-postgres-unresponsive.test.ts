import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testRedisUrl, type TestApp } from '../helpers/app';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres';
import { startAppOn, timed, ANSWERED_WITHIN_MS } from '../helpers/private-app';

let pg: PrivatePostgres;
let app: TestApp;

beforeAll(async () => {
  pg = await startPrivatePostgres();
  app = await startAppOn({
    databaseUrl: pg.url,
    redisUrl: testRedisUrl,
    config: { databaseQueryTimeoutMs: 1500, databaseConnectTimeoutMs: 1500 },
  });
});
afterAll(async () => {
  pg?.resume();
  await app?.stop().catch(() => undefined);
  pg?.remove();
});

const create = (name: string, signal?: AbortSignal) =>
  app.api('/api/clusters', {
    signal,
    method: 'POST',
    json: { name, engine: 'cassandra', owner: 'platform', expectedDataGb: 100, regions: ['us-east-1'], environment: 'test' },
  });

async function status(name: string): Promise<string | undefined> {
  const res = await app.api(`/api/clusters/${name}`);
  return res.status === 200 ? ((await res.json()) as { status: string }).status : undefined;
}

describe('a PostgreSQL that keeps its connections open but answers nothing (hung, partitioned)', () => {
  it('requests on warm connections get a 503 in the envelope instead of hanging, /metrics says postgres is down, and the pool recovers by itself', async () => {
    expect((await create('before-pause')).status).toBe(202);
    await eventually(async () => (await status('before-pause')) === 'ACTIVE', 90_000);
    // Warm the pool: these connections are open when the server stops answering.
    await Promise.all(Array.from({ length: 6 }, () => app.api('/api/clusters')));

    pg.pause();
    try {
      const answers = await Promise.all([
        timed((signal) => app.api('/api/clusters', { signal })),
        timed((signal) => app.api('/api/clusters/before-pause', { signal })),
        timed((signal) => create('while-paused', signal)),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.ms).toBeLessThan(5000);
        expect(answer.retryAfter).toMatch(/^\d+$/);
        expect(answer.body.error).toMatchObject({ code: 'unavailable', details: { dependency: 'postgres' } });
      }
      const readiness = await timed((signal) => fetch(`${app.url}/readyz`, { signal }));
      expect(readiness.ms).toBeLessThan(ANSWERED_WITHIN_MS);
      expect(readiness.status).toBe(503);

      // The scrape still answers: every other metric, and which dependency is away.
      const metrics = await fetch(`${app.url}/metrics`, { signal: AbortSignal.timeout(5000) });
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toContain('datafleet_dependency_up{dependency="postgres"} 0');
      expect(text).toContain('datafleet_dependency_up{dependency="redis"} 1');
      expect(text).toContain('datafleet_http_request_duration_seconds_bucket');
    } finally {
      pg.resume();
    }
    // Connections whose query timed out were dropped, not handed to the next request.
    await eventually(async () => (await fetch(`${app.url}/readyz`)).status === 200, 30_000);
    for (let i = 0; i < 10; i++) expect((await timed((signal) => app.api('/api/clusters', { signal }))).status).toBe(200);
    expect(await (await fetch(`${app.url}/metrics`)).text()).toContain('datafleet_dependency_up{dependency="postgres"} 1');
    expect((await create('after-resume')).status).toBe(202);
    await eventually(async () => (await status('after-resume')) === 'ACTIVE', 90_000);
  }, 240_000);
});
