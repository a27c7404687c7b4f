/**
 * Orchestration throughput: no-op operations through the whole operation path, side by side with
 * raw BullMQ no-op jobs on the same Redis, alternating rounds in one run. Target: ratio ≥ 0.5.
 */
import { median } from 'simple-statistics';
import { runBenchmark, writeResults } from '../lib/report';
import { seedClusters } from '../lib/seed';
import { startBenchApp, benchRedisUrl } from '../lib/bench-app';
import { rawBullmqThroughput } from './raw-bullmq';
import { operationThroughput } from './operation-path';
import { countCalls, costPerUnit } from '../lib/call-counter';

const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Jobs in flight (producers and worker concurrency alike), one level after another. */
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '8,32').split(',').map(Number);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 200);
const RATIO_TARGET = 0.5;
/** The per-operation budget: at most this many round trips and this much CPU. */
const CALLS_TARGET = 3;
const CPU_MS_TARGET = 2;

interface Level {
  concurrency: number;
  rawBullmq: { perSecond: number; rounds: number[] };
  operations: { perSecond: number; rounds: number[] };
  ratio: number;
  costPerJob: { rawBullmq: Cost; operations: Cost; jobs: number };
}
type Cost = Awaited<ReturnType<typeof costPerUnit>>;

/** Both paths at one level of concurrency, alternating rounds, then what one job of each costs. */
async function measure(concurrency: number): Promise<Level> {
  const app = await startBenchApp(`queue${concurrency}`, ['worker'], { workerConcurrency: concurrency });
  try {
    const platform = await app.ctx.repos.teams.find('platform');
    await seedClusters(app.ctx.pool, platform!.id, CLUSTERS, 'qbench');
    const { rows } = await app.ctx.pool.query<{ id: string }>('SELECT id FROM clusters');
    const clusterIds = rows.map((r) => r.id);
    const raw: number[] = [];
    const ours: number[] = [];
    // Warm-up of both paths, not recorded.
    await rawBullmqThroughput(benchRedisUrl, 200, concurrency, concurrency);
    await operationThroughput(app, clusterIds, 200, concurrency);
    for (let round = 0; round < ROUNDS; round += 1) {
      raw.push(await rawBullmqThroughput(benchRedisUrl, JOBS, concurrency, concurrency));
      ours.push(await operationThroughput(app, clusterIds, JOBS, concurrency));
    }
    // What one unit costs on the wire and in this process's CPU (producer and worker both run here).
    const costJobs = Math.min(JOBS, 1000);
    const rawCost = await costPerUnit(costJobs, () => rawBullmqThroughput(benchRedisUrl, costJobs, concurrency, concurrency));
    const ourCost = await costPerUnit(costJobs, () => operationThroughput(app, clusterIds, costJobs, concurrency));
    const rawPerSecond = Math.round(median(raw));
    const oursPerSecond = Math.round(median(ours));
    return {
      concurrency,
      rawBullmq: { perSecond: rawPerSecond, rounds: raw.map(Math.round) },
      operations: { perSecond: oursPerSecond, rounds: ours.map(Math.round) },
      ratio: Math.round((oursPerSecond / rawPerSecond) * 100) / 100,
      costPerJob: { rawBullmq: rawCost, operations: ourCost, jobs: costJobs },
    };
  } finally {
    await app.stop();
  }
}

const calls = (cost: Cost) => Math.round((cost.pgStatements + cost.redisCommands) * 10) / 10;
const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

async function main(): Promise<void> {
  // The benchmark's own progress query is not part of an operation's cost.
  countCalls((statement) => statement.startsWith('SELECT count(*) AS n FROM operations'));
  const levels: Level[] = [];
  for (const concurrency of CONCURRENCY) levels.push(await measure(concurrency));
  const best = levels.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  writeResults(
    'queue',
    {
      jobs: JOBS,
      rounds: ROUNDS,
      clusters: CLUSTERS,
      levels,
      targets: {
        ratio: RATIO_TARGET,
        bestRatio: best.ratio,
        met: best.ratio >= RATIO_TARGET,
        callsPerOperation: CALLS_TARGET,
        cpuMsPerOperation: CPU_MS_TARGET,
        callsMet: levels.some((l) => calls(l.costPerJob.operations) <= CALLS_TARGET),
        cpuMet: levels.every((l) => l.costPerJob.operations.cpuMs <= CPU_MS_TARGET),
      },
    },
    levels.flatMap((l) => [
      {
        'in flight': l.concurrency,
        path: 'raw BullMQ no-op jobs',
        'jobs/s (median)': l.rawBullmq.perSecond,
        'vs raw': '1.00×',
        rounds: l.rawBullmq.rounds.join(' / '),
        'pg statements/job': l.costPerJob.rawBullmq.pgStatements,
        'redis commands/job': l.costPerJob.rawBullmq.redisCommands,
        'CPU ms/job': l.costPerJob.rawBullmq.cpuMs,
      },
      {
        'in flight': l.concurrency,
        path: 'Datafleet no-op operations',
        'jobs/s (median)': l.operations.perSecond,
        'vs raw': `${l.ratio.toFixed(2)}×`,
        rounds: l.operations.rounds.join(' / '),
        'pg statements/job': l.costPerJob.operations.pgStatements,
        'redis commands/job': l.costPerJob.operations.redisCommands,
        'CPU ms/job': l.costPerJob.operations.cpuMs,
      },
    ]),
  );
  for (const l of levels) {
    const cost = l.costPerJob.operations;
    console.log(
      `${l.concurrency} in flight: ratio ${l.ratio} (target ≥ ${RATIO_TARGET}: ${met(l.ratio >= RATIO_TARGET)}); per operation ` +
        `${cost.pgStatements} PostgreSQL statements + ${cost.redisCommands} Redis commands (target ≤ ${CALLS_TARGET}: ${met(calls(cost) <= CALLS_TARGET)}), ` +
        `${cost.cpuMs} ms CPU (target ≤ ${CPU_MS_TARGET} ms: ${met(cost.cpuMs <= CPU_MS_TARGET)})`,
    );
  }
}

runBenchmark(main);
