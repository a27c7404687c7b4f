import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, redisReachable } from '../../services/infra/embedded/probe';
import { eventually } from './app';
import { cleanupOnExit } from './cleanup';

/**
 * A redis-server of one test's own (its own port, no persistence), which the test may flush, stop
 * and start again on the same port without touching the machine's shared Redis.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP: the server keeps its port and accepts connections but answers nothing (a hung or partitioned Redis). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Kills the server and deletes its directory; safe to call twice. */
  remove(): void;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'datafleet-private-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
    await eventually(() => redisReachable(url), 10_000, 50);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const gone = new Promise<void>((done) => running.once('exit', () => done()));
    running.kill('SIGKILL');
    await gone;
  };
  const remove = cleanupOnExit(() => {
    child?.kill('SIGCONT');
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    await start();
  } catch (error) {
    remove();
    throw error;
  }
  return {
    url,
    port,
    start,
    stop,
    remove,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async flushAll() {
      const client = new Redis(url, { maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      try {
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
  };
}
