import { loadavg } from 'node:os';
import { runBenchmark, writeResults } from '../lib/report';
import { runWorkload, type WorkloadResult } from '../../services/workload/runner';
import type { WorkloadDefinition } from '../../services/workload/definition';
import type { WorkloadTarget } from '../../services/workload/target';
import { LocalBenchNodes, type BenchNode } from './local-nodes';
import { pgbench, pgbenchInit, redisBenchmark, type ToolResult } from './reference-tools';
import { createEngineRegistry } from '../../services/engines/registry';

const engines = createEngineRegistry();

/**
 * Fidelity of the workload runner: against one real local node, the runner with the real clients
 * (ioredis, pg) side by side with the engine's own load tool (redis-benchmark, pgbench), same
 * clients, payload and key space, in one run. Targets: at least half the tool's throughput and a
 * p50 within 20% of the tool's.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
/** Tool and runner alternate this many times per pair; the table gives medians (the machine is shared and noisy). */
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const list = (value: string | undefined, fallback: number[]) => (value ? value.split(',').map(Number) : fallback);
const redisClients = list(process.env.BENCH_REDIS_CLIENTS, [1, 16]);
const postgresClients = list(process.env.BENCH_PG_CLIENTS, [1, 8]);
const redisRequests = Number(process.env.BENCH_REDIS_REQUESTS ?? 200_000);

interface Comparison {
  engine: string;
  test: string;
  clients: number;
  tool: ToolResult;
  runner: { opsPerSecond: number; p50Ms: number; p99Ms: number; avgMs: number; errors: number };
  throughputRatio: number;
  p50DifferencePercent: number;
  throughputTarget: 'met' | 'not met';
  p50Target: 'met' | 'not met';
  rounds?: Array<{ tool: ToolResult; runner: { opsPerSecond: number; p50Ms: number; p99Ms: number } }>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs the tool and the runner alternately `rounds` times; medians of each figure. */
async function alternate(
  engine: string,
  test: string,
  clients: number,
  tool: () => Promise<ToolResult>,
  runner: () => Promise<WorkloadResult>,
): Promise<Comparison> {
  const tools: ToolResult[] = [];
  const ours: WorkloadResult[] = [];
  for (let i = 0; i < rounds; i += 1) {
    tools.push(await tool());
    ours.push(await runner());
  }
  const toolMedian = {
    opsPerSecond: median(tools.map((t) => t.opsPerSecond)),
    p50Ms: median(tools.map((t) => t.p50Ms)),
    p99Ms: median(tools.map((t) => t.p99Ms)),
    avgMs: median(tools.map((t) => t.avgMs)),
  };
  const oursMedian = {
    ...ours[0]!,
    opsPerSecond: median(ours.map((o) => o.opsPerSecond)),
    errors: ours.reduce((sum, o) => sum + o.errors, 0),
    latency: {
      ...ours[0]!.latency,
      p50: median(ours.map((o) => o.latency.p50)),
      p99: median(ours.map((o) => o.latency.p99)),
      avg: median(ours.map((o) => o.latency.avg)),
    },
  };
  const rows = tools.map((t, i) => ({
    tool: t,
    runner: { opsPerSecond: ours[i]!.opsPerSecond, p50Ms: ours[i]!.latency.p50, p99Ms: ours[i]!.latency.p99 },
  }));
  console.log(`${engine} ${test}, ${clients} clients: done`);
  return { ...compare(engine, test, clients, toolMedian, oursMedian), rounds: rows };
}

function compare(engine: string, test: string, clients: number, tool: ToolResult, ours: WorkloadResult): Comparison {
  const throughputRatio = Math.round((ours.opsPerSecond / tool.opsPerSecond) * 100) / 100;
  const p50DifferencePercent = Math.round(((ours.latency.p50 - tool.p50Ms) / tool.p50Ms) * 1000) / 10;
  return {
    engine,
    test,
    clients,
    tool,
    runner: {
      opsPerSecond: ours.opsPerSecond,
      p50Ms: ours.latency.p50,
      p99Ms: ours.latency.p99,
      avgMs: ours.latency.avg,
      errors: ours.errors,
    },
    throughputRatio,
    p50DifferencePercent,
    throughputTarget: throughputRatio >= 0.5 ? 'met' : 'not met',
    p50Target: Math.abs(p50DifferencePercent) <= 20 ? 'met' : 'not met',
  };
}

const workload = (name: string, readRatio: number, keySpace: number, payloadBytes: number, concurrency: number): WorkloadDefinition => ({
  name,
  readRatio,
  keySpace,
  payloadBytes,
  concurrency,
  distribution: 'uniform',
  durationSeconds: seconds,
  warmupSeconds: 1,
});

const targetOf = (node: BenchNode): WorkloadTarget => ({
  kind: 'real',
  engine: node.engine,
  credentials: { username: node.username, password: node.password },
  nodes: [{ name: `bench-runner-${node.engine}`, host: node.host, port: node.port, role: 'primary', version: node.version }],
});

async function redisComparisons(node: BenchNode): Promise<Comparison[]> {
  const out: Comparison[] = [];
  for (const clients of redisClients) {
    // redis-benchmark -r 10000 picks keys uniformly from 10,000; -d 100 is the value size.
    const tool = (test: 'GET' | 'SET') => () =>
      redisBenchmark(node, { clients, requests: redisRequests, payloadBytes: 100, keySpace: 10_000, test });
    out.push(
      await alternate('redis', 'SET', clients, tool('SET'), () =>
        runWorkload(targetOf(node), workload('fidelity-set', 0, 10_000, 100, clients), { engines }),
      ),
    );
    out.push(
      await alternate('redis', 'GET', clients, tool('GET'), () =>
        runWorkload(targetOf(node), workload('fidelity-get', 1, 10_000, 100, clients), { engines }),
      ),
    );
  }
  return out;
}

async function postgresComparisons(node: BenchNode): Promise<Comparison[]> {
  await pgbenchInit(node);
  const out: Comparison[] = [];
  for (const clients of postgresClients) {
    // pgbench scale 1 has 100,000 accounts (rows of ~100 bytes); our kv table gets 100,000 keys of 84 bytes.
    out.push(
      await alternate(
        'postgres',
        'SELECT by key (pgbench -S)',
        clients,
        () => pgbench(node, { clients, seconds, mode: 'select' }),
        () => runWorkload(targetOf(node), workload('fidelity-select', 1, 100_000, 84, clients), { engines }),
      ),
    );
    out.push(
      await alternate(
        'postgres',
        'UPDATE vs UPSERT by key',
        clients,
        () => pgbench(node, { clients, seconds, mode: 'update' }),
        () => runWorkload(targetOf(node), workload('fidelity-upsert', 0, 100_000, 84, clients), { engines }),
      ),
    );
  }
  return out;
}

async function main(): Promise<void> {
  const nodes = new LocalBenchNodes();
  const loadBefore = loadavg()[0];
  try {
    const redis = await nodes.start('redis');
    const postgres = await nodes.start('postgres');
    const comparisons = [...(await redisComparisons(redis)), ...(await postgresComparisons(postgres))];
    writeResults(
      'runner',
      {
        seconds,
        rounds,
        versions: { redis: redis.version, postgres: postgres.version },
        // Everything shares the machine: its load says how much else competed for the cores.
        loadAverage1m: { before: loadBefore, after: loadavg()[0] },
        targets: { throughputRatio: '>= 0.5', p50Difference: 'within 20%' },
        comparisons,
      },
      comparisons.map((c) => ({
        engine: c.engine,
        test: c.test,
        clients: c.clients,
        'tool ops/s': Math.round(c.tool.opsPerSecond),
        'runner ops/s': Math.round(c.runner.opsPerSecond),
        ratio: c.throughputRatio,
        'tool p50 ms': c.tool.p50Ms,
        'runner p50 ms': c.runner.p50Ms,
        'p50 diff %': c.p50DifferencePercent,
        '≥0.5×': c.throughputTarget,
        'p50 ±20%': c.p50Target,
      })),
    );
  } finally {
    await nodes.stop();
  }
}

runBenchmark(main);
