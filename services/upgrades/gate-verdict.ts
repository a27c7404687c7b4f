import type { SliceSummary } from '../workload/slices';
import type { ShiftEstimate } from './slice-statistics';

/** What the gate answers for an upgrade and for each workload in it. */
export const GateVerdicts = ['pass', 'regression', 'inconclusive'] as const;
export type GateVerdictName = (typeof GateVerdicts)[number];

export const GateMetrics = ['p99', 'mean'] as const;
export type GateMetric = (typeof GateMetrics)[number];

/** One workload's run before or after the change, as the gate reads it. */
export interface WorkloadRun {
  /** The whole run's p99 and mean (the SLA's hard limit is held against the whole run). */
  p99Ms: number;
  meanMs: number;
  /** The measured window in slices of time: the gate's observations. */
  slices: readonly SliceSummary[];
  byOperation: Record<'read' | 'write', { count: number; p99: number }>;
}

/** One metric's test in one workload: the change across slices and what the gate made of it. */
export interface MetricTest extends ShiftEstimate {
  metric: GateMetric;
  /** Holm-adjusted one-sided p-value over every workload × metric of the upgrade. */
  pAdjusted: number;
  /** Rejected "no slower" at the family-wise level. */
  significant: boolean;
  /** The estimated change is over the threshold. */
  beyondThreshold: boolean;
  /** The interval is wider than the threshold allows (NOISE_FACTOR) and does not rule out a change of the threshold's size. */
  tooNoisy: boolean;
  /**
   * Trimmed test: not a regression, but the change over every slice, none cut, is over the
   * threshold: a few slices much slower than the trimmed mean shows. Not passed.
   */
  slowerInFewSlices: boolean;
}

export interface WorkloadVerdict {
  verdict: GateVerdictName;
  /** Why, in words an operator can act on. */
  reasons: string[];
  /** Null when a side had fewer slices than the test needs. */
  p99: MetricTest | null;
  mean: MetricTest | null;
  slaBreached: boolean;
  /** Each slice's p99 and mean, before and after (every after attempt, in order): what the console draws. */
  slices: { before: SliceSummary[]; after: SliceSummary[] };
}

/** The whole decision on an upgrade. */
export interface UpgradeJudgement {
  verdict: GateVerdictName;
  reasons: string[];
  thresholdPercent: number;
  /** Family-wise error rate of the significance tests (Holm over workloads × metrics). */
  alpha: number;
  /** Level of the intervals shown and of the noise rule. */
  intervalLevel: number;
  workloads: Array<{ workload: string; verdict: WorkloadVerdict }>;
}
