/**
 * Inventory API under load: 10,000 clusters, list with a filter, a sort and a page (p50/p99 and
 * requests/s at a fixed concurrency), then creates one at a time (p50/p99).
 * Target: list p99 < 20 ms on a 2-core machine.
 */
import { LatencyRecorder, runBenchmark, runFor, writeResults } from '../lib/report';
import { seedClusters } from '../lib/seed';
import { startBenchApp } from '../lib/bench-app';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const LIST_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CREATES = Number(process.env.BENCH_CREATES ?? 200);
const LIST_P99_TARGET_MS = 20;

const listQueries = [
  '/api/clusters?engine=cassandra&sort=-monthlyCostUsd&limit=50&offset=100',
  '/api/clusters?environment=prod&sort=name&limit=50&offset=2000',
  '/api/clusters?region=eu-west-1&sort=-createdAt&limit=50',
  '/api/clusters?engine=redis&version=7.2.5&sort=oldestNodeAt&limit=25&fields=name,version,oldestNodeAt',
];

async function main(): Promise<void> {
  const app = await startBenchApp('api', ['api', 'worker']);
  try {
    const platform = await app.ctx.repos.teams.find('platform');
    const seedStarted = performance.now();
    await seedClusters(app.ctx.pool, platform!.id, CLUSTERS);
    const seedMs = performance.now() - seedStarted;
    const headers = { authorization: `Bearer ${app.adminToken}` };

    // Warm-up: connection pool, query plans, JIT.
    for (let i = 0; i < 200; i += 1) await (await fetch(`${app.url}${listQueries[i % listQueries.length]}`, { headers })).arrayBuffer();

    const measureList = async (concurrency: number) => {
      const recorder = new LatencyRecorder();
      let n = 0;
      let errors = 0;
      const run = await runFor(LIST_SECONDS * 1000, concurrency, async () => {
        const path = listQueries[n++ % listQueries.length]!;
        const started = performance.now();
        const res = await fetch(`${app.url}${path}`, { headers });
        await res.arrayBuffer();
        recorder.record(performance.now() - started);
        if (res.status !== 200) errors += 1;
      });
      return { ...recorder.summary(), requestsPerSecond: Math.round((run.completed / run.elapsedMs) * 1000), errors, concurrency };
    };
    // One client at a time measures latency; CONCURRENCY clients measure throughput on this machine
    // (the load generator shares the 2 cores with the API, PostgreSQL and Redis).
    const listSerial = await measureList(1);
    const listLoaded = await measureList(CONCURRENCY);

    const create = new LatencyRecorder();
    let createErrors = 0;
    for (let i = 0; i < CREATES; i += 1) {
      const started = performance.now();
      const res = await fetch(`${app.url}/api/clusters`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `made-${i}`, engine: 'cassandra', owner: 'platform', expectedDataGb: 500, regions: ['us-east-1'] }),
      });
      await res.arrayBuffer();
      create.record(performance.now() - started);
      if (res.status !== 202) createErrors += 1;
    }
    const createSummary = create.summary();

    writeResults(
      'api',
      {
        clusters: CLUSTERS,
        seedMs: Math.round(seedMs),
        concurrency: CONCURRENCY,
        listSeconds: LIST_SECONDS,
        list: { serial: listSerial, loaded: listLoaded, queries: listQueries },
        create: { ...createSummary, errors: createErrors },
        targets: {
          listP99Ms: LIST_P99_TARGET_MS,
          serialP99Met: listSerial.p99Ms < LIST_P99_TARGET_MS,
          loadedP99Met: listLoaded.p99Ms < LIST_P99_TARGET_MS,
        },
      },
      [
        {
          scenario: `list (${CLUSTERS} clusters, c=1)`,
          p50Ms: listSerial.p50Ms,
          p99Ms: listSerial.p99Ms,
          'req/s': listSerial.requestsPerSecond,
          errors: listSerial.errors,
        },
        {
          scenario: `list (${CLUSTERS} clusters, c=${CONCURRENCY})`,
          p50Ms: listLoaded.p50Ms,
          p99Ms: listLoaded.p99Ms,
          'req/s': listLoaded.requestsPerSecond,
          errors: listLoaded.errors,
        },
        {
          scenario: 'create (sequential)',
          p50Ms: createSummary.p50Ms,
          p99Ms: createSummary.p99Ms,
          'req/s': Math.round(1000 / createSummary.meanMs),
          errors: createErrors,
        },
      ],
    );
    for (const r of [listSerial, listLoaded]) {
      console.log(
        `list p99 at c=${r.concurrency}: ${r.p99Ms} ms (target < ${LIST_P99_TARGET_MS} ms: ${r.p99Ms < LIST_P99_TARGET_MS ? 'MET' : 'NOT MET'})`,
      );
    }
  } finally {
    await app.stop();
  }
}

runBenchmark(main);
