import type { Static } from '@sinclair/typebox';
import type { BenchmarkRunSummaryJson } from '../../../services/api/schemas/benchmark';

/** One stored benchmark run as `GET /api/clusters/:ref/benchmarks` lists it (type-only import of the server's schema). */
export type BenchmarkRun = Static<typeof BenchmarkRunSummaryJson>;

export interface SideMeasures {
  p99Ms: number;
  meanMs: number;
  opsPerSecond: number;
}

/** One workload's before/after figures and the gate's judgement of them. */
export interface WorkloadComparison {
  workload: string;
  before: SideMeasures;
  after: SideMeasures;
  verdict: {
    verdict: 'pass' | 'regression';
    reasons: string[];
    /** `ci95`: 95% interval of the p99 difference (after − before), in ms */
    p99?: { changePercent: number; ci95: [number, number] };
    mean?: { changePercent: number; mannWhitneyP: number };
  };
}

/** One upgrade as `GET /api/clusters/:ref/upgrade-decisions` presents it, newest first. */
export interface UpgradeDecision {
  operationId: string;
  status: string;
  params: { toVersion?: string; instanceType?: string; kernelVersion?: string; force?: boolean; notBefore?: string };
  requestedAt: string;
  error: string | null;
  verdict: 'pass' | 'regression' | null;
  comparisons: WorkloadComparison[];
}
