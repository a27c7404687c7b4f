import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import { runWorkload } from '../../services/workload/runner';
import { StandardWorkloads } from '../../services/workload/standard';
import type { WorkloadTarget } from '../../services/workload/target';
import { pickFreePort } from '../../services/providers/local/ports';
import { adminQuery, testServerUrl, urlFor } from '../helpers/database';
import { eventually } from '../helpers/app';
import { testEngines } from '../helpers/engines';

const short = { ...StandardWorkloads[1], keySpace: 500, concurrency: 4, durationSeconds: 1, warmupSeconds: 0.3 };
const node = (port: number, host = '127.0.0.1') => ({ name: 'n0', host, port, role: 'primary' as const, version: 'x' });

let redisServer: ChildProcess;
let redisPort: number;
const database = `datafleet_wl_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  redisPort = await pickFreePort(new Set());
  redisServer = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', 'sesame'],
    { stdio: 'ignore' },
  );
  await eventually(
    async () => {
      const probe = new Redis({ port: redisPort, password: 'sesame', lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => undefined);
      const up = await probe.connect().then(
        () => probe.ping(),
        () => null,
      );
      probe.disconnect();
      return up === 'PONG';
    },
    10_000,
    100,
  );
  await adminQuery(`CREATE DATABASE ${database}`);
});
afterAll(async () => {
  redisServer?.kill('SIGTERM');
  await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

/** The test's own redis-server, with its password. */
const redisTarget = (): WorkloadTarget => ({
  kind: 'real',
  engine: 'redis',
  nodes: [node(redisPort)],
  credentials: { username: 'default', password: 'sesame' },
});

describe('workload drivers against real servers', () => {
  it('redis (ioredis GET/SET): a short balanced run stores its keys and measures every percentile', async () => {
    const target = redisTarget();
    const result = await runWorkload(target, short, { engines: testEngines });
    expect(result.errors).toBe(0);
    expect(result.operations).toBeGreaterThan(100);
    expect(result.simulated).toBe(false);
    expect(result.latency.p50).toBeGreaterThan(0);
    expect(result.latency.p999).toBeGreaterThanOrEqual(result.latency.p99);
    expect(result.byOperation.read.count + result.byOperation.write.count).toBe(result.operations);
    const check = new Redis({ port: redisPort, password: 'sesame' });
    expect(await check.dbsize()).toBe(500); // the prefill wrote the whole key space
    expect(await check.get('datafleet:bench:0')).toHaveLength(short.payloadBytes);
    check.disconnect();
  });

  it('redis: the calls in flight across a stall of the load generator itself are counted, not timed', async () => {
    const run = { ...short, durationSeconds: 2, warmupSeconds: 0.2 };
    // About a second into the measured window the process is kept busy for 300 ms: a call in flight
    // then would be timed at ~300 ms, whatever the server did.
    const stall = setTimeout(() => {
      const until = performance.now() + 300;
      while (performance.now() < until) {
        // busy
      }
    }, 1200);
    const result = await runWorkload(redisTarget(), run, { engines: testEngines, slices: 8 });
    clearTimeout(stall);
    // One call a worker was in flight (a few more if other pauses came on this busy machine).
    expect(result.clientPausedCalls).toBeGreaterThanOrEqual(run.concurrency);
    expect(result.latency.max).toBeLessThan(250);
    // The slices beside it are marked (one wholly inside it had no call and is left out of the run).
    expect(result.slices.some((s) => s.clientPausedMs)).toBe(true);
  });

  it('redis with a wrong password: every operation is an error that says why, and nothing throws', async () => {
    const target: WorkloadTarget = {
      kind: 'real',
      engine: 'redis',
      nodes: [node(redisPort)],
      credentials: { username: 'default', password: 'wrong' },
    };
    const result = await runWorkload(target, { ...short, durationSeconds: 0.5, warmupSeconds: 0 }, { engines: testEngines });
    expect(result.operations).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.errorMessages.join(' ')).toMatch(/WRONGPASS|NOAUTH|invalid username-password/i);
  });

  it('postgres (pg SELECT/UPSERT): creates its kv table if absent and upserts by key', async () => {
    const url = new URL(urlFor(database));
    const target: WorkloadTarget = {
      kind: 'real',
      engine: 'postgres',
      database,
      nodes: [node(Number(url.port || 5432), url.hostname)],
      credentials: { username: decodeURIComponent(url.username) || 'postgres', password: decodeURIComponent(url.password) },
    };
    const result = await runWorkload(target, { ...short, readRatio: 0.2 }, { engines: testEngines });
    expect(result.errors).toBe(0);
    expect(result.operations).toBeGreaterThan(50);
    expect(result.byOperation.write.count).toBeGreaterThan(result.byOperation.read.count);
    const client = new pg.Client({ connectionString: urlFor(database) });
    await client.connect();
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM datafleet_bench.kv');
    await client.end();
    expect(Number(rows[0]!.n)).toBe(500);
    expect(testServerUrl).toContain(url.hostname);
  });

  // No Cassandra or Elasticsearch server can run here: their drivers meet a closed port.
  it.each(['cassandra', 'elasticsearch'] as const)('%s against a closed port counts errors and does not crash', async (engine) => {
    const closed = await pickFreePort(new Set());
    const target: WorkloadTarget = { kind: 'real', engine, nodes: [node(closed)], credentials: { username: 'u', password: 'p' } };
    const result = await runWorkload(
      target,
      { ...short, durationSeconds: 0.5, warmupSeconds: 0 },
      { timeoutMs: 500, engines: testEngines },
    );
    expect(result.operations).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.errorMessages.join(' ')).toMatch(/ECONNREFUSED|No living connections|All host\(s\) tried/);
  });
});
