import type { EngineName, NodeRole } from '../core/types';
import type { WorkloadDefinition } from './definition';
import type { LatencySummaryMs } from './latencies';
import type { SliceSummary } from './slices';

/** What one run of one workload measured; warm-up excluded. Latencies in milliseconds. */
export interface WorkloadResult {
  workload: WorkloadDefinition;
  engine: EngineName;
  simulated: boolean;
  nodes: Array<{ node: string; role: NodeRole; version: string }>;
  /** The measured window (after warm-up); simulated runs give simulated time. */
  startedAt: Date;
  finishedAt: Date;
  measuredSeconds: number;
  /** Operations that succeeded in the window; only these have latencies. */
  operations: number;
  errors: number;
  opsPerSecond: number;
  latency: LatencySummaryMs;
  byOperation: { read: LatencySummaryMs; write: LatencySummaryMs };
  /** Every latency (µs) as an HDR histogram, compressed base64 (HdrHistogram V2 encoding). */
  histogram: string;
  /** A uniform random sample of at most 2,000 latencies (ms), for rank tests between runs. */
  samples: number[];
  /** The measured window in equal slices of time, each with its own p99 and mean: the upgrade gate's observations. */
  slices: SliceSummary[];
  /**
   * Calls that succeeded across a pause of the load generator itself (pause-detector.ts): counted
   * here, not timed, since their time was the client's. Real runs only.
   */
  clientPausedCalls?: number;
  /** Up to five distinct error messages, so a failing run says why. */
  errorMessages: string[];
}
