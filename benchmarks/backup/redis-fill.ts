import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { readPlan } from '../lib/stdin-plan';

/**
 * Fills a Redis primary with `megabytes` of random (incompressible, as real payloads mostly are)
 * values, pipelined, from a process of its own; prints one JSON report.
 */
export interface RedisFillPlan {
  host: string;
  port: number;
  username: string;
  password: string;
  megabytes: number;
  valueBytes: number;
}

const plan = await readPlan<RedisFillPlan>();
const redis = new Redis({ host: plan.host, port: plan.port, username: plan.username, password: plan.password, maxRetriesPerRequest: 2 });
const keys = Math.ceil((plan.megabytes * 2 ** 20) / plan.valueBytes);
const started = performance.now();
const batch = 500;
for (let first = 0; first < keys; first += batch) {
  const pipeline = redis.pipeline();
  for (let i = first; i < Math.min(keys, first + batch); i += 1) pipeline.set(`bench:backup:${i}`, randomBytes(plan.valueBytes));
  const results = await pipeline.exec();
  const failed = results?.find(([error]) => error);
  if (failed) throw failed[0]!;
}
const seconds = (performance.now() - started) / 1000;
const usedMemory = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
redis.disconnect();
process.stdout.write(`${JSON.stringify({ keys, seconds, usedMemoryBytes: usedMemory })}\n`);
process.exit(0);
