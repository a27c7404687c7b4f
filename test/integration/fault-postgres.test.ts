import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testRedisUrl, type TestApp } from '../helpers/app';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres';
import { startAppOn, timed, type TimedAnswer, ANSWERED_WITHIN_MS } from '../helpers/private-app';
import { exited, spawnWorker } from '../helpers/worker-process';

let pg: PrivatePostgres;
let app: TestApp;
let worker: ChildProcess;

beforeAll(async () => {
  pg = await startPrivatePostgres();
  // The API runs in this process (an unhandled error fails the run); the worker in a child whose exit is visible.
  app = await startAppOn({ databaseUrl: pg.url, redisUrl: testRedisUrl, roles: ['api'] });
  worker = spawnWorker(app, { DATAFLEET_HEALTH_INTERVAL_MS: '1000' });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  if (worker) await exited(worker);
  await app?.stop().catch(() => undefined);
  pg?.remove();
});

const create = (name: string) =>
  app.api('/api/clusters', {
    method: 'POST',
    json: { name, engine: 'cassandra', owner: 'platform', expectedDataGb: 100, regions: ['us-east-1'], environment: 'test' },
  });

async function status(name: string): Promise<string | undefined> {
  const res = await app.api(`/api/clusters/${name}`);
  return res.status === 200 ? ((await res.json()) as { status: string }).status : undefined;
}

const workerAlive = () => worker.exitCode === null && worker.signalCode === null;

/** Waits for the cluster to be ACTIVE, failing at once if the worker process died meanwhile. */
async function untilActive(name: string, timeoutMs = 90_000): Promise<void> {
  await eventually(async () => {
    if (!workerAlive()) throw new Error(`the worker process exited (${worker.exitCode ?? worker.signalCode})`);
    return (await status(name)) === 'ACTIVE';
  }, timeoutMs);
}

/** What a client may be told while PostgreSQL is away: the real answer, or a quick 503 in the envelope. */
function expectAnsweredOrUnavailable(answer: TimedAnswer, okStatus: number): void {
  expect(answer.ms).toBeLessThan(5000);
  if (answer.status === okStatus) return;
  expect(answer.status).toBe(503);
  expect(answer.retryAfter).toMatch(/^\d+$/);
  expect(answer.body.error?.code).toBe('unavailable');
  expect(typeof answer.body.error?.message).toBe('string');
}

describe('PostgreSQL restarting and going away', () => {
  it('a fast restart in the middle of provisioning: nothing crashes, and the operations finish by themselves', async () => {
    expect((await create('before-restart')).status).toBe(202);
    await untilActive('before-restart');

    const inFlight = ['restart-a', 'restart-b', 'restart-c'];
    for (const name of inFlight) expect((await create(name)).status).toBe(202);
    const restart = pg.restart();
    // Requests while the server goes down and comes back are answered, never a 500 or a hang.
    const answers: TimedAnswer[] = [];
    let restarted = false;
    void restart.finally(() => (restarted = true));
    while (!restarted) {
      answers.push(await timed((signal) => app.api('/api/clusters', { signal })));
      await new Promise((r) => setTimeout(r, 100));
    }
    await restart;
    for (const answer of answers) expectAnsweredOrUnavailable(answer, 200);

    for (const name of inFlight) await untilActive(name);
    expect((await create('after-restart')).status).toBe(202);
    await untilActive('after-restart');
    expect(workerAlive()).toBe(true);
  }, 240_000);

  it('stopped for 20 s: requests get 503 with Retry-After, /readyz names PostgreSQL, and work resumes when it is back', async () => {
    expect((await create('during-outage')).status).toBe(202);
    await pg.stop();
    const stoppedAt = Date.now();
    try {
      const readiness = await timed((signal) => fetch(`${app.url}/readyz`, { signal }));
      expect(readiness.ms).toBeLessThan(ANSWERED_WITHIN_MS);
      expect(readiness.status).toBe(503);
      expect(readiness.body.error?.code).toBe('unavailable');
      expect(readiness.body.error?.details?.down).toEqual(['postgres']);
      expect(readiness.body.error?.message).toMatch(/PostgreSQL/);

      while (Date.now() - stoppedAt < 20_000) {
        const list = await timed((signal) => app.api('/api/clusters', { signal }));
        expect(list.status).toBe(503);
        expect(list.ms).toBeLessThan(4000);
        expect(list.retryAfter).toMatch(/^\d+$/);
        expect(list.body.error).toMatchObject({ code: 'unavailable', details: { dependency: 'postgres' } });
        const created = await timed(() => create('refused-while-down').then((r) => r));
        expect(created.status).toBe(503);
        expect(created.body.error?.code).toBe('unavailable');
        expect(workerAlive()).toBe(true);
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      await pg.start();
    }
    await eventually(async () => (await fetch(`${app.url}/readyz`)).status === 200, 30_000);
    expect(await status('refused-while-down')).toBeUndefined();
    await untilActive('during-outage');
    expect((await create('after-outage')).status).toBe(202);
    await untilActive('after-outage');
    // The worker's scheduled work carries on too: the health aggregator scores the new cluster.
    await eventually(async () => {
      const health = (await (await app.api('/api/clusters/after-outage/health')).json()) as { score: number | null };
      return health.score !== null;
    }, 60_000);
    expect(workerAlive()).toBe(true);
  }, 240_000);
});
