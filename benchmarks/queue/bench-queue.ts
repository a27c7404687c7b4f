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
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 200);
const RATIO_TARGET = 0.5;
/** The per-operation budget: at most this many round trips and this much CPU. */
const CALLS_TARGET = 3;
const CPU_MS_TARGET = 2;

async function main(): Promise<void> {
  // The benchmark's own progress query is not part of an operation's cost.
  countCalls((statement) => statement.startsWith('SELECT count(*) AS n FROM operations'));
  const app = await startBenchApp('queue', ['worker'], { workerConcurrency: CONCURRENCY });
  try {
    const platform = await app.ctx.repos.teams.find('platform');
    await seedClusters(app.ctx.pool, platform!.id, CLUSTERS, 'qbench');
    const { rows } = await app.ctx.pool.query<{ id: string }>('SELECT id FROM clusters');
    const clusterIds = rows.map((r) => r.id);
    const raw: number[] = [];
    const ours: number[] = [];
    // Warm-up of both paths, not recorded.
    await rawBullmqThroughput(benchRedisUrl, 200, CONCURRENCY, CONCURRENCY);
    await operationThroughput(app, clusterIds, 200, CONCURRENCY);
    for (let round = 0; round < ROUNDS; round += 1) {
      raw.push(await rawBullmqThroughput(benchRedisUrl, JOBS, CONCURRENCY, CONCURRENCY));
      ours.push(await operationThroughput(app, clusterIds, JOBS, CONCURRENCY));
    }
    // What one unit costs on the wire and in this process's CPU (producer and worker both run here).
    const costJobs = Math.min(JOBS, 1000);
    const rawCost = await costPerUnit(costJobs, () => rawBullmqThroughput(benchRedisUrl, costJobs, CONCURRENCY, CONCURRENCY));
    const ourCost = await costPerUnit(costJobs, () => operationThroughput(app, clusterIds, costJobs, CONCURRENCY));
    const rawPerSecond = Math.round(median(raw));
    const oursPerSecond = Math.round(median(ours));
    const ratio = Math.round((oursPerSecond / rawPerSecond) * 100) / 100;
    writeResults(
      'queue',
      {
        jobs: JOBS,
        rounds: ROUNDS,
        concurrency: CONCURRENCY,
        clusters: CLUSTERS,
        rawBullmq: { perSecond: rawPerSecond, rounds: raw.map(Math.round) },
        operations: { perSecond: oursPerSecond, rounds: ours.map(Math.round) },
        ratio,
        costPerJob: { rawBullmq: rawCost, operations: ourCost, jobs: costJobs },
        targets: {
          ratio: RATIO_TARGET,
          met: ratio >= RATIO_TARGET,
          callsPerOperation: CALLS_TARGET,
          cpuMsPerOperation: CPU_MS_TARGET,
          callsMet: ourCost.pgStatements + ourCost.redisCommands <= CALLS_TARGET,
          cpuMet: ourCost.cpuMs <= CPU_MS_TARGET,
        },
      },
      [
        {
          path: 'raw BullMQ no-op jobs',
          'jobs/s (median)': rawPerSecond,
          'vs raw': '1.00×',
          rounds: raw.map(Math.round).join(' / '),
          'pg statements/job': rawCost.pgStatements,
          'redis commands/job': rawCost.redisCommands,
          'CPU ms/job': rawCost.cpuMs,
        },
        {
          path: 'Datafleet no-op operations',
          'jobs/s (median)': oursPerSecond,
          'vs raw': `${ratio.toFixed(2)}×`,
          rounds: ours.map(Math.round).join(' / '),
          'pg statements/job': ourCost.pgStatements,
          'redis commands/job': ourCost.redisCommands,
          'CPU ms/job': ourCost.cpuMs,
        },
      ],
    );
    console.log(`ratio ${ratio} (target ≥ ${RATIO_TARGET}: ${ratio >= RATIO_TARGET ? 'MET' : 'NOT MET'})`);
    const calls = ourCost.pgStatements + ourCost.redisCommands;
    console.log(
      `per operation: ${ourCost.pgStatements} PostgreSQL statements + ${ourCost.redisCommands} Redis commands (target ≤ ${CALLS_TARGET} round trips: ${calls <= CALLS_TARGET ? 'MET' : 'NOT MET'}), ` +
        `${ourCost.cpuMs} ms CPU (target ≤ ${CPU_MS_TARGET} ms: ${ourCost.cpuMs <= CPU_MS_TARGET ? 'MET' : 'NOT MET'})`,
    );
  } finally {
    await app.stop();
  }
}

runBenchmark(main);
