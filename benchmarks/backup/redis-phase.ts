import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { runLoadProcess } from '../lib/load-process';
import type { BenchControlPlane } from './control-plane';
import { median } from './postgres-phases';
import type { RedisFillPlan } from './redis-fill';

const MiB = 2 ** 20;
const round = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RedisRound {
  path: 'datafleet' | 'redis-cli';
  rdbBytes: number;
  seconds: number;
  mibPerSecond: number;
}

export interface RedisComparison {
  keys: number;
  usedMemoryBytes: number;
  node: string;
  rounds: RedisRound[];
  datafleetMibPerSecond: number;
  redisCliMibPerSecond: number;
  ratio: number;
}

/** `redis-cli --rdb FILE` against a node: the server makes an RDB and streams it to the file. */
function redisCliRdb(o: { host: string; port: number; password: string; file: string }): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', ['-h', o.host, '-p', String(o.port), '--user', 'default', '--no-auth-warning', '--rdb', o.file], {
      // The password in the environment, not argv (REDISCLI_AUTH is redis-cli's own).
      env: { ...process.env, REDISCLI_AUTH: o.password },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`redis-cli --rdb exited ${code}: ${err.trim()}`)),
    );
  });
}

/**
 * Redis: the backup operation (BGSAVE on the replica, the RDB copied into the repository with its
 * sha256) against `redis-cli --rdb` from the same replica, alternating, on data a fill process wrote.
 */
export async function compareRedisBackups(plane: BenchControlPlane, megabytes: number, rounds: number): Promise<RedisComparison> {
  const name = 'bench-redis';
  const cluster = await plane.createCluster(name, 'redis', Math.max(1, (megabytes * 2) / 1024));
  const { password } = await plane.api<{ password: string }>(`/api/clusters/${name}/connection?reveal=true`);
  const primary = cluster.nodes.find((n) => n.role === 'primary')!;
  const node = cluster.nodes.find((n) => n.role === 'replica') ?? primary;
  const filled = await runLoadProcess<RedisFillPlan, { keys: number; seconds: number; usedMemoryBytes: number }>(
    join(import.meta.dirname, 'redis-fill.ts'),
    { host: primary.host!, port: primary.port!, username: 'default', password, megabytes, valueBytes: 4096 },
  );
  console.log(`redis: ${filled.keys} keys written in ${round(filled.seconds)} s`);
  const replica = new Redis({ host: node.host!, port: node.port!, username: 'default', password, lazyConnect: true });
  await replica.connect();
  const deadline = Date.now() + 600_000;
  while ((await replica.dbsize()) < filled.keys) {
    if (Date.now() > deadline) throw new Error(`the replica did not reach ${filled.keys} keys within 10 minutes`);
    await sleep(200);
  }
  replica.disconnect();

  const results: RedisRound[] = [];
  const file = join(plane.env.dataDir, 'redis-cli.rdb');
  const runCli = async () => {
    const seconds = await redisCliRdb({ host: node.host!, port: node.port!, password, file });
    const rdbBytes = statSync(file).size;
    rmSync(file, { force: true });
    results.push({ path: 'redis-cli', rdbBytes, seconds, mibPerSecond: rdbBytes / MiB / seconds });
  };
  const runDatafleet = async () => {
    const made = await plane.backUp(name);
    const rdbBytes = made.result.sizeBytes ?? 0;
    results.push({ path: 'datafleet', rdbBytes, seconds: made.wallSeconds, mibPerSecond: rdbBytes / MiB / made.wallSeconds });
  };
  for (let i = 0; i < rounds; i += 1) {
    for (const run of i % 2 === 0 ? [runCli, runDatafleet] : [runDatafleet, runCli]) await run();
    console.log(
      `redis round ${i + 1}/${rounds}: ${results
        .slice(-2)
        .map((r) => `${r.path} ${round(r.mibPerSecond)} MiB/s`)
        .join(', ')}`,
    );
  }
  const datafleetMibPerSecond = median(results.filter((r) => r.path === 'datafleet').map((r) => r.mibPerSecond));
  const redisCliMibPerSecond = median(results.filter((r) => r.path === 'redis-cli').map((r) => r.mibPerSecond));
  await plane.api(`/api/clusters/${name}`, { method: 'DELETE' });
  return {
    keys: filled.keys,
    usedMemoryBytes: filled.usedMemoryBytes,
    node: `${node.name} (${node.role})`,
    rounds: results.map((r) => ({ ...r, seconds: round(r.seconds), mibPerSecond: round(r.mibPerSecond) })),
    datafleetMibPerSecond: round(datafleetMibPerSecond),
    redisCliMibPerSecond: round(redisCliMibPerSecond),
    ratio: round(datafleetMibPerSecond / redisCliMibPerSecond),
  };
}
