/** The campaign benchmark's knobs, from the environment (benchmarks/campaign/README.md), and its targets. */
import type { Layout } from './control-plane';

export const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 5000);
export const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 5000);
// At this time scale an upgrade seldom waits, so more in flight than the worker runs at once (its
// concurrency, 8) mostly queues upgrades and makes each wave start in a burst.
export const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
export const WAVE_SIZE = Number(process.env.BENCH_WAVE_SIZE ?? Math.ceil(CLUSTERS / 4));
export const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 8);
export const BENCHMARK_SECONDS = Number(process.env.BENCH_BENCHMARK_SECONDS ?? 1);
export const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 900);
export const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 30);
export const LAYOUT = (process.env.BENCH_LAYOUT ?? 'apart') as Layout;
/** The worker's niceness (0-19) when the roles run apart: how a host shared by both would favour the API. */
export const WORKER_NICE = Number(process.env.BENCH_WORKER_NICE ?? 0);
export const LIST_RATIO_TARGET = 1.5;
export const CPU_PER_CLUSTER_TARGET_MS = 50;
export const TEMPLATE = 'fleet-template';
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
