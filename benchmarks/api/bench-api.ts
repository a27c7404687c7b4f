/**
 * Inventory API: the list with a filter, a sort and a page at each fleet size of BENCH_CLUSTERS
 * (default 1,000, 10,000 and 50,000 seeded clusters; every filter matches a known share of them),
 * one client and BENCH_CONCURRENCY clients, from a load generator in its own process; then
 * creates one at a time. With BENCH_URL + BENCH_TOKEN it measures that server's fleet as it is.
 * Target: list p99 < 20 ms, flat in fleet size.
 */
import { LatencyRecorder, runBenchmark, writeResults } from '../lib/report';
import { seedClusters, seededCluster } from '../lib/seed';
import { benchTarget, type BenchTarget } from '../lib/target';
import { runLoad } from '../lib/load-process';
import type { LoadReport } from '../lib/load-plan';
import { listQueries } from './list-queries';

const SIZES = (process.env.BENCH_CLUSTERS ?? '1000,10000,50000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CREATE_SECONDS = Number(process.env.BENCH_CREATE_SECONDS ?? 10);
const LIST_P99_TARGET_MS = 20;

interface SizeResult {
  clusters: number | null;
  seedMs: number;
  expectedMatches: Record<string, number> | null;
  reportedTotals: Record<string, number>;
  serial: LoadReport;
  loaded: LoadReport;
}

function expectedMatches(size: number): Record<string, number> {
  const counts = Object.fromEntries(listQueries.map((q) => [q.path, 0]));
  for (let i = 0; i < size; i += 1) {
    const c = seededCluster(i);
    for (const q of listQueries) if (q.matches(c)) counts[q.path]! += 1;
  }
  return counts;
}

async function measureList(target: BenchTarget, concurrency: number, seconds: number): Promise<LoadReport> {
  return runLoad({
    baseUrl: target.url,
    token: target.token,
    requests: listQueries.map((q) => ({ path: q.path })),
    seconds,
    concurrency,
    totalField: 'total',
  });
}

async function measureSize(target: BenchTarget, size: number | null, seededSoFar: number): Promise<SizeResult> {
  let seedMs = 0;
  if (target.app && size !== null) {
    const platform = await target.app.ctx.repos.teams.find('platform');
    const started = performance.now();
    await seedClusters(target.app.ctx.pool, platform!.id, size, 'bench', seededSoFar);
    seedMs = Math.round(performance.now() - started);
  }
  await measureList(target, 1, 2); // warm-up: connection pool, query plans, JIT
  const serial = await measureList(target, 1, SECONDS);
  const loaded = await measureList(target, CONCURRENCY, SECONDS);
  return {
    clusters: size,
    seedMs,
    expectedMatches: size === null ? null : expectedMatches(size),
    reportedTotals: serial.totals,
    serial,
    loaded,
  };
}

async function measureCreates(target: BenchTarget): Promise<LoadReport> {
  const body = { name: 'made-{i}', engine: 'cassandra', owner: 'platform', expectedDataGb: 500, regions: ['us-east-1'] };
  return runLoad({
    baseUrl: target.url,
    token: target.token,
    requests: [{ method: 'POST', path: '/api/clusters', body: JSON.stringify(body) }],
    seconds: CREATE_SECONDS,
    concurrency: 1,
  });
}

async function main(): Promise<void> {
  const target = await benchTarget('api', ['api', 'worker']);
  const sizes = target.app ? [...SIZES].sort((a, b) => a - b) : [null];
  const results: SizeResult[] = [];
  let seeded = 0;
  for (const size of sizes) {
    results.push(await measureSize(target, size, seeded));
    seeded = size ?? 0;
  }
  // Creates only on a server of this run's own: they would add clusters to someone else's fleet.
  const create = target.app ? await measureCreates(target) : null;
  const baseP99 = results[0]!.serial.latency.p99Ms;
  const label = (r: SizeResult) => (r.clusters === null ? 'BENCH_URL fleet' : `${r.clusters} clusters`);
  const createSummary = create?.latency ?? new LatencyRecorder().summary();
  writeResults(
    'api',
    {
      target: target.app ? 'own server' : target.url,
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      queries: listQueries.map((q) => q.path),
      sizes: results,
      create: create ? { ...create.latency, statuses: create.statuses, perSecond: create.answeredPerSecond } : null,
      targets: {
        listP99Ms: LIST_P99_TARGET_MS,
        serialP99Met: results.every((r) => r.serial.latency.p99Ms < LIST_P99_TARGET_MS),
        loadedP99Met: results.every((r) => r.loaded.latency.p99Ms < LIST_P99_TARGET_MS),
      },
    },
    [
      ...results.flatMap((r) => [
        {
          scenario: `list, ${label(r)}, c=1`,
          p50Ms: r.serial.latency.p50Ms,
          p99Ms: r.serial.latency.p99Ms,
          'p99 vs smallest': `${(r.serial.latency.p99Ms / baseP99).toFixed(2)}×`,
          'req/s': r.serial.answeredPerSecond,
          errors: r.serial.sent - (r.serial.statuses['200'] ?? 0),
        },
        {
          scenario: `list, ${label(r)}, c=${CONCURRENCY}`,
          p50Ms: r.loaded.latency.p50Ms,
          p99Ms: r.loaded.latency.p99Ms,
          'p99 vs smallest': '',
          'req/s': r.loaded.answeredPerSecond,
          errors: r.loaded.sent - (r.loaded.statuses['200'] ?? 0),
        },
      ]),
      ...(create
        ? [
            {
              scenario: 'create (sequential)',
              p50Ms: createSummary.p50Ms,
              p99Ms: createSummary.p99Ms,
              'p99 vs smallest': '',
              'req/s': create.answeredPerSecond,
              errors: create.sent - (create.statuses['202'] ?? 0),
            },
          ]
        : []),
    ],
  );
  const matchTable = listQueries.map((q) =>
    Object.fromEntries([
      ['query', q.path.replace('/api/clusters?', '')],
      ...results.map((r) => [
        label(r),
        `${r.reportedTotals[q.path] ?? '?'}${r.expectedMatches ? ` (seeded ${r.expectedMatches[q.path]})` : ''}`,
      ]),
    ]),
  );
  console.log('rows matched by each query (the API total; the seeded count beside it):');
  console.table(matchTable);
  for (const r of results) {
    const p99 = r.serial.latency.p99Ms;
    console.log(
      `list p99 at c=1, ${label(r)}: ${p99} ms (target < ${LIST_P99_TARGET_MS} ms: ${p99 < LIST_P99_TARGET_MS ? 'MET' : 'NOT MET'})`,
    );
  }
  await target.app?.stop();
}

runBenchmark(main);
