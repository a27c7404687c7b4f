import type { WorkloadResult } from './result';

/** A benchmark run as stored: what the phase was, what ran and what it measured. */
export const BenchmarkPhases = ['on-demand', 'before', 'after', 'canary', 'baseline'] as const;
export type BenchmarkPhase = (typeof BenchmarkPhases)[number];

/**
 * Besides the on-demand runs and an upgrade's before and after runs: a `canary` run reads from the
 * first changed replica while its `baseline` run reads, at the same time and under the same load,
 * from a replica still on the old version (the upgrade's paired read evidence).
 */
export const PairedPhases = ['canary', 'baseline'] as const;
/** A stored run without its bulky parts (histogram, samples): what a list shows. */
export interface BenchmarkRunSummary extends Pick<
  WorkloadResult,
  | 'workload'
  | 'simulated'
  | 'startedAt'
  | 'finishedAt'
  | 'measuredSeconds'
  | 'operations'
  | 'errors'
  | 'opsPerSecond'
  | 'byOperation'
  | 'errorMessages'
> {
  id: string;
  clusterId: string;
  operationId: string | null;
  workloadName: string;
  engine: string;
  clusterVersion: string;
  nodeVersions: Array<{ node: string; role: string; version: string }>;
  phase: BenchmarkPhase;
  latencyMs: { avg: number; p50: number; p95: number; p99: number; p999: number; max: number };
  createdAt: Date;
}

export interface BenchmarkRun extends BenchmarkRunSummary {
  histogram: string;
  samples: number[];
  slices: WorkloadResult['slices'];
}

export interface NewBenchmarkRun {
  clusterId: string;
  operationId: string | null;
  clusterVersion: string;
  phase: BenchmarkPhase;
  /** 0 for a phase's first run; 1, 2, … for the upgrade gate's reruns of its after-benchmark or of its canary pair. */
  attempt?: number;
  result: WorkloadResult;
}
