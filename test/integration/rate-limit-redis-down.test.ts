import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';

/** A private redis-server this test may kill: the machine's shared one is never touched. */
let redis: ChildProcess | undefined;
let app: TestApp | undefined;
const dir = mkdtempSync(join(tmpdir(), 'datafleet-ratelimit-redis-'));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const startRedis = (port: number) => {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
};
const stopRedis = async () => {
  const child = redis;
  if (!child || child.exitCode !== null) return;
  child.kill('SIGKILL');
  await eventually(async () => child.exitCode !== null || child.signalCode !== null, 10_000);
};

let port = 0;

afterAll(async () => {
  // The app's own connections wait for Redis forever: let them find it again before stopping.
  if (port && redis && redis.exitCode !== null) startRedis(port);
  await app?.stop();
  await stopRedis();
  rmSync(dir, { recursive: true, force: true });
});

describe('rate limit when Redis is away', () => {
  it('lets requests through unlimited (promptly) while Redis is down, and limits again once it is back', async () => {
    port = await freePort();
    startRedis(port);
    const redisUrl = `redis://127.0.0.1:${port}`;
    app = await startTestApp({ roles: ['api'], config: { redisUrl, rateLimitPerMinute: 3 } });
    const me = () => app!.api('/api/me', { signal: AbortSignal.timeout(5000) });
    await eventually(async () => (await me()).status === 429, 10_000, 50);

    await stopRedis();
    const started = Date.now();
    for (let i = 0; i < 5; i++) expect((await me()).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);

    startRedis(port);
    await eventually(async () => (await me()).status === 429, 20_000, 100);
  }, 60_000);
});
