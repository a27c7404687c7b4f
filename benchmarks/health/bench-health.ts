/**
 * Health stream: (a) snapshots ingested and scored per second by one aggregator, draining a stream
 * pre-filled with BENCH_SNAPSHOTS (default 200,000) snapshots of BENCH_CLUSTERS (2,000) three-node
 * clusters by a load generator process of its own; target ≥ 20,000/s. (b) Detection latency of a
 * SIGKILLed real redis-server node, from the kill to its unhealthy state, BENCH_DEATHS (6; 0 skips
 * it) times at the collector's interval (DATAFLEET_HEALTH_INTERVAL_MS, default 2 s), beside a
 * poll-every-30-s baseline needing the same confirmations, evaluated at the same death instants;
 * targets ≥ 10× faster than the poller (p50) and within two snapshot intervals (max).
 * Both parts start their own Datafleet (database, Redis prefix, data directory of this run's own,
 * on BENCH_DATABASE_SERVER_URL and BENCH_REDIS_URL) and remove it at the end.
 */
import { runBenchmark, writeResults } from '../lib/report';
import { startBenchApp } from '../lib/bench-app';
import { measureThroughput } from './throughput';
import { BASELINE_POLL_MS, measureDetection, type Death } from './detection';

const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 200_000);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 2000);
const DEATHS = Number(process.env.BENCH_DEATHS ?? 6);
const TARGET_PER_SECOND = 20_000;
const TARGET_RATIO = 10;
const TARGET_INTERVALS = 2;

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    n: sorted.length,
    minMs: sorted[0] ?? 0,
    p50Ms: at(0.5),
    meanMs: Math.round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    maxMs: sorted.at(-1) ?? 0,
  };
};
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const met = (ok: boolean) => (ok ? 'met' : 'not met');

async function detection() {
  // Remediation off (the guard pages instead), so the bench restarts each node itself and nothing else touches it.
  const app = await startBenchApp('healthdetect', ['api', 'worker'], {
    remediationsPerClusterPerHour: 0,
    remediationsPerFleetPerHour: 0,
  });
  const intervalMs = app.config.healthIntervalMs;
  const deaths: Death[] = await measureDetection(app, DEATHS).finally(() => app.stop());
  const stream = summary(deaths.map((d) => d.streamMs));
  const baseline = summary(deaths.map((d) => d.baselineMs));
  const p50Ratio = Math.round((baseline.p50Ms / Math.max(1, stream.p50Ms)) * 10) / 10;
  const maxIntervals = Math.round((stream.maxMs / intervalMs) * 100) / 100;
  return {
    intervalMs,
    baselinePollMs: BASELINE_POLL_MS,
    stream,
    baseline,
    p50Ratio,
    maxIntervals,
    targets: {
      ratio: TARGET_RATIO,
      ratioMet: p50Ratio >= TARGET_RATIO,
      maxIntervals: TARGET_INTERVALS,
      maxIntervalsMet: maxIntervals <= TARGET_INTERVALS,
    },
    deaths,
  };
}

async function main(): Promise<void> {
  if (process.env.BENCH_URL) {
    console.log('bench:health measures the aggregator in its own process and kills local nodes it started: BENCH_URL is not used');
  }
  const ingestApp = await startBenchApp('health', []);
  const throughput = await measureThroughput(ingestApp.ctx, { clusters: CLUSTERS, nodesPerCluster: 3, total: SNAPSHOTS }).finally(() =>
    ingestApp.stop(),
  );
  const throughputMet = throughput.perSecond >= TARGET_PER_SECOND;
  const detected = DEATHS > 0 ? await detection() : null;

  const table = [
    {
      measure: `snapshots ingested + scored by one aggregator (${throughput.snapshots} over ${throughput.nodes} nodes)`,
      value: `${throughput.perSecond}/s in ${throughput.drainSeconds} s (load average ${throughput.loadAverage.join(' → ')}); ${throughput.cpuMicrosecondsPerSnapshot} µs CPU each: ${throughput.perCpuSecond}/s per CPU-second`,
      target: `≥ ${TARGET_PER_SECOND}/s: ${met(throughputMet)} (${(throughput.perSecond / TARGET_PER_SECOND).toFixed(2)}× the target)`,
    },
    {
      measure: 'state changes written to PostgreSQL (node / cluster)',
      value: `${throughput.nodeTransitions} / ${throughput.clusterTransitions}`,
      target: '',
    },
  ];
  if (detected) {
    const { stream, baseline, intervalMs } = detected;
    table.push(
      {
        measure: `death → unhealthy, stream every ${seconds(intervalMs)} s (measured, n=${stream.n})`,
        value: `p50 ${seconds(stream.p50Ms)} s, mean ${seconds(stream.meanMs)} s, max ${seconds(stream.maxMs)} s`,
        target: `max ≤ ${TARGET_INTERVALS} intervals (${seconds(TARGET_INTERVALS * intervalMs)} s): ${met(detected.targets.maxIntervalsMet)} (${detected.maxIntervals})`,
      },
      {
        measure: `death → unhealthy, poll every ${seconds(BASELINE_POLL_MS)} s (same deaths)`,
        value: `p50 ${seconds(baseline.p50Ms)} s, mean ${seconds(baseline.meanMs)} s, max ${seconds(baseline.maxMs)} s`,
        target: '',
      },
      {
        measure: 'stream faster than the poller (p50 ratio)',
        value: `${detected.p50Ratio}×`,
        target: `≥ ${TARGET_RATIO}×: ${met(detected.targets.ratioMet)}`,
      },
    );
  }
  writeResults(
    'health',
    {
      throughput: { ...throughput, targetPerSecond: TARGET_PER_SECOND, targetMet: throughputMet },
      detection: detected,
    },
    table,
  );
}

runBenchmark(main);
