/**
 * Health stream: (a) snapshots ingested and scored per second by one aggregator, draining a stream
 * pre-filled with BENCH_SNAPSHOTS (default 200,000) snapshots of BENCH_CLUSTERS (2,000) three-node
 * clusters; target ≥ 20,000/s. (b) Detection latency of a SIGKILLed real redis-server node, from
 * the kill to its unhealthy state, BENCH_DEATHS (6) times at the collector's interval
 * (DATAFLEET_HEALTH_INTERVAL_MS, default 5 s), beside a poll-every-30-s baseline needing the same
 * confirmations, evaluated at the same death instants.
 */
import { runBenchmark, writeResults } from '../lib/report';
import { startBenchApp } from '../lib/bench-app';
import { measureThroughput } from './throughput';
import { BASELINE_POLL_MS, measureDetection, type Death } from './detection';

const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 200_000);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 2000);
const DEATHS = Number(process.env.BENCH_DEATHS ?? 6);
const TARGET_PER_SECOND = 20_000;

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

async function main(): Promise<void> {
  const ingestApp = await startBenchApp('health', []);
  const throughput = await measureThroughput(ingestApp.ctx, { clusters: CLUSTERS, nodesPerCluster: 3, total: SNAPSHOTS }).finally(() =>
    ingestApp.stop(),
  );
  const met = throughput.perSecond >= TARGET_PER_SECOND;

  // Remediation off (the guard pages instead), so the bench restarts each node itself and nothing else touches it.
  const detectApp = await startBenchApp('healthdetect', ['api', 'worker'], {
    remediationsPerClusterPerHour: 0,
    remediationsPerFleetPerHour: 0,
  });
  const intervalMs = detectApp.config.healthIntervalMs;
  const deaths: Death[] = await measureDetection(detectApp, DEATHS).finally(() => detectApp.stop());
  const stream = summary(deaths.map((d) => d.streamMs));
  const baseline = summary(deaths.map((d) => d.baselineMs));
  writeResults(
    'health',
    {
      throughput: { ...throughput, targetPerSecond: TARGET_PER_SECOND, targetMet: met },
      detection: { intervalMs, baselinePollMs: BASELINE_POLL_MS, stream, baseline, deaths },
    },
    [
      {
        measure: `snapshots ingested + scored by one aggregator (${throughput.snapshots} over ${throughput.nodes} nodes)`,
        value: `${throughput.perSecond}/s in ${throughput.drainSeconds} s (target ≥ ${TARGET_PER_SECOND}/s: ${met ? 'met' : 'not met'})`,
      },
      {
        measure: 'state changes written to PostgreSQL (node / cluster)',
        value: `${throughput.nodeTransitions} / ${throughput.clusterTransitions}`,
      },
      {
        measure: `death → unhealthy, stream every ${seconds(intervalMs)} s (measured, n=${stream.n})`,
        value: `p50 ${seconds(stream.p50Ms)} s, mean ${seconds(stream.meanMs)} s, max ${seconds(stream.maxMs)} s`,
      },
      {
        measure: `death → unhealthy, poll every ${seconds(BASELINE_POLL_MS)} s (same deaths)`,
        value: `p50 ${seconds(baseline.p50Ms)} s, mean ${seconds(baseline.meanMs)} s, max ${seconds(baseline.maxMs)} s`,
      },
      {
        measure: 'stream faster than the poller (p50 ratio)',
        value: stream.p50Ms > 0 ? `${(baseline.p50Ms / stream.p50Ms).toFixed(1)}× (target ≥ 10×)` : 'n/a',
      },
    ],
  );
}

runBenchmark(main);
