import type { Static } from '@sinclair/typebox';
import type { BenchmarkRunSummaryJson } from '../../../services/api/schemas/benchmark';

/** One stored benchmark run as `GET /api/clusters/:ref/benchmarks` lists it (type-only import of the server's schema). */
export type BenchmarkRun = Static<typeof BenchmarkRunSummaryJson>;

export interface SideMeasures {
  p99Ms: number;
  meanMs: number;
  opsPerSecond: number;
}

export interface SliceSummary {
  count: number;
  p99Ms: number;
  meanMs: number;
  /** The load generator itself paused this long in the slice; the calls in flight then are not in it. */
  clientPausedMs?: number;
}

/** One metric's test across slices, as the gate recorded it (services/upgrades/gate-verdict.ts). */
export interface MetricTest {
  metric: 'p99' | 'mean';
  changePercent: number;
  /** Two-sided 95% interval of the change, percent. */
  interval: [number, number];
  pAdjusted: number;
  significant: boolean;
  beyondThreshold: boolean;
  tooNoisy: boolean;
  /** Not passed: the change over every slice is over the threshold while the trimmed one is not (absent in older records). */
  slowerInFewSlices?: boolean;
  /** Share of slices cut from each end before the means (the calibrated paired test). */
  trimmed?: number;
  untrimmedChangePercent?: number;
  /** The calibrated paired test: how far the pair's offset moves from run to run, taken into the interval (absent in older records). */
  roundDrift?: { percent: number; rounds: { calibration: number; after: number } };
  /** Paired: the canary and its baseline measured at the same time, slice beside slice. */
  design?: 'independent' | 'paired';
  slices: { before: number; after: number };
}

export type GateVerdictName = 'pass' | 'regression' | 'inconclusive';

/** One workload's before/after figures and the gate's judgement of them. */
export interface WorkloadComparison {
  workload: string;
  before: SideMeasures;
  after: SideMeasures;
  /** After-benchmarks pooled on the after side (more than 1 when the gate asked for reruns). */
  afterAttempts?: number;
  /**
   * Reads measured at the canary beside a baseline node on the old version, at the same time, before
   * and after the canary's change: `before`/`after` are the canary node's own figures, `baseline` the
   * other node's, and the slices the baseline's (before) beside the canary's (after).
   */
  paired?: { canary: string; baseline: string };
  baseline?: { before: SideMeasures; after: SideMeasures };
  verdict: {
    verdict: GateVerdictName;
    reasons: string[];
    p99?: MetricTest | null;
    mean?: MetricTest | null;
    slices?: { before: SliceSummary[]; after: SliceSummary[] };
  };
}

/** One upgrade as `GET /api/clusters/:ref/upgrade-decisions` presents it, newest first. */
export interface UpgradeDecision {
  operationId: string;
  status: string;
  params: { toVersion?: string; instanceType?: string; kernelVersion?: string; force?: boolean; notBefore?: string };
  requestedAt: string;
  error: string | null;
  verdict: GateVerdictName | null;
  /** The gate's one-line summary, the threshold it was asked for and its family-wise error rate. */
  reasons: string[];
  thresholdPercent: number | null;
  alpha: number | null;
  comparisons: WorkloadComparison[];
  /** The first changed replica and the one kept on the old version beside it; null when measured before and after only. */
  canary?: { canary: string; baseline: string } | null;
}
