/**
 * The health benchmark's load generator, run as a process of its own (`lib/load-process.ts`):
 *   node --import tsx benchmarks/health/snapshot-load.ts < plan.json
 * Fills the health stream with `total` snapshots of a synthetic fleet (rounds of one snapshot per
 * node, `intervalMs` apart, ending now), then prints one JSON report on stdout.
 */
import { Redis } from 'ioredis';
import { encodeSnapshot } from '../../services/health/snapshot';
import { readPlan } from '../lib/stdin-plan';
import { seeded, snapshotOf, syntheticFleet } from './synthetic-fleet';

export interface SnapshotLoadPlan {
  redisUrl: string;
  stream: string;
  clusterIds: string[];
  nodesPerCluster: number;
  total: number;
  intervalMs: number;
}

export interface SnapshotLoadReport {
  written: number;
  nodes: number;
  rounds: number;
  seconds: number;
  cpuMs: number;
}

const plan = await readPlan<SnapshotLoadPlan>();
const started = performance.now();
const cpu = process.cpuUsage();
const random = seeded(42);
const rounds = Math.ceil(plan.total / (plan.clusterIds.length * plan.nodesPerCluster));
const fleet = syntheticFleet(plan.clusterIds, plan.nodesPerCluster, rounds, random);
const redis = new Redis(plan.redisUrl);
const start = Date.now() - rounds * plan.intervalMs;
let written = 0;
for (let round = 0; written < plan.total; round += 1) {
  const down = new Set(fleet.filter((n) => n.diesAt !== null && round >= n.diesAt).map((n) => n.name));
  const pipeline = redis.pipeline();
  for (const n of fleet.slice(0, plan.total - written)) {
    pipeline.xadd(plan.stream, '*', 'snapshot', encodeSnapshot(snapshotOf(n, round, start + round * plan.intervalMs, random, down)));
  }
  written += pipeline.length;
  await pipeline.exec();
}
await redis.quit();
const used = process.cpuUsage(cpu);
const report: SnapshotLoadReport = {
  written,
  nodes: fleet.length,
  rounds,
  seconds: Math.round((performance.now() - started) / 100) / 10,
  cpuMs: Math.round((used.user + used.system) / 1000),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
