/**
 * The upgrade gate as it was before the slice gate (services/upgrades/upgrade-gate.ts): a bootstrap
 * interval of the p99 difference and Mann-Whitney U on the sampled calls of one run per side. Kept
 * only so `npm run bench:gate` can judge the same runs with both in one run.
 */
import { InputError } from '../../services/core/errors';
import type { Sla } from '../../services/core/types';
import { bootstrapQuantileDifference, mannWhitneyU } from './legacy-statistics';

/** One benchmark run of a cluster, as the benchmark step records it. */
export interface LatencyRun {
  /** Per-request latencies (all of them, or a uniform sample of them). */
  samplesMs: readonly number[];
  /** p99 and mean of the whole run, as the benchmark measured them. */
  p99Ms: number;
  meanMs: number;
}

/**
 * A regression must be this much worse (and significant). At 10% about one healthy simulated
 * upgrade in seven was rolled back by load-driven drift in the mean between the two runs; the
 * known regressions are 80% worse. The one default: an upgrade's params may set another.
 */
export const DEFAULT_THRESHOLD_PERCENT = 20;

export interface GateOptions {
  /** How much worse (percent) p99 or mean may get before it can count as a regression. Default DEFAULT_THRESHOLD_PERCENT. */
  thresholdPercent?: number;
  /** The cluster's SLA p99 target: an `after` p99 above it fails the gate whatever the statistics say. */
  slaP99Ms: number;
  /** Significance level of both tests. Default 0.05 (a 95% interval). */
  alpha?: number;
  /** Seed of the bootstrap, so a verdict can be reproduced exactly. Default 1. */
  seed?: number;
  /** Bootstrap resamples. Default 1000. */
  bootstrapIterations?: number;
}

export interface GateVerdict {
  verdict: 'pass' | 'regression';
  /** Why, in words an operator can act on; the evidence an upgrade that rolls back records. */
  reasons: string[];
  p99: {
    before: number;
    after: number;
    changePercent: number;
    /** of after − before, ms, at 1 − alpha */ ci95: [number, number];
    significant: boolean;
  };
  mean: { before: number; after: number; changePercent: number; mannWhitneyP: number; significant: boolean };
  slaBreached: boolean;
  /** False when either run had too few samples to test; the threshold alone then decides. */
  tested: boolean;
}

/** Below this many samples per run a significance test means little; the threshold decides alone. */
export const MIN_SAMPLES_FOR_TEST = 20;

const percentChange = (before: number, after: number): number => {
  if (before > 0) return ((after - before) / before) * 100;
  return after > 0 ? Number.POSITIVE_INFINITY : 0;
};
const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : String(value));

/**
 * The before/after gate of an upgrade. Pure and deterministic for a given seed.
 *
 * A regression is declared when
 * - p99 is worse by more than the threshold and the bootstrap interval of the p99 difference lies
 *   wholly above zero, or
 * - the mean is worse by more than the threshold and Mann-Whitney U finds the distributions differ
 *   (two-sided p < alpha), or
 * - the `after` p99 exceeds the SLA p99 (a hard limit, no statistics involved).
 * With fewer than MIN_SAMPLES_FOR_TEST samples on a side, "worse by more than the threshold" is
 * enough: an upgrade that cannot be shown harmless is not waved through.
 */
export function compareRuns(before: LatencyRun, after: LatencyRun, options: GateOptions): GateVerdict {
  const thresholdPercent = options.thresholdPercent ?? DEFAULT_THRESHOLD_PERCENT;
  const alpha = options.alpha ?? 0.05;
  if (!(thresholdPercent >= 0)) throw new InputError('thresholdPercent must be zero or more', { thresholdPercent });
  if (!(alpha > 0 && alpha < 1)) throw new InputError('alpha must be between 0 and 1', { alpha });
  if (!(options.slaP99Ms > 0)) throw new InputError('slaP99Ms must be positive', { slaP99Ms: options.slaP99Ms });

  const tested = before.samplesMs.length >= MIN_SAMPLES_FOR_TEST && after.samplesMs.length >= MIN_SAMPLES_FOR_TEST;
  const ci: [number, number] = tested
    ? bootstrapQuantileDifference(before.samplesMs, after.samplesMs, {
        p: 0.99,
        level: 1 - alpha,
        iterations: options.bootstrapIterations ?? 1000,
        seed: options.seed ?? 1,
      })
    : [Number.NaN, Number.NaN];
  const mannWhitneyP = tested ? mannWhitneyU(before.samplesMs, after.samplesMs).pTwoSided : Number.NaN;

  const p99Change = percentChange(before.p99Ms, after.p99Ms);
  const meanChange = percentChange(before.meanMs, after.meanMs);
  const p99Significant = tested ? ci[0] > 0 : true;
  const meanSignificant = tested ? mannWhitneyP < alpha : true;
  const slaBreached = after.p99Ms > options.slaP99Ms;

  const reasons: string[] = [];
  if (!tested)
    reasons.push(
      `too few samples to test significance (${before.samplesMs.length} before, ${after.samplesMs.length} after; need ${MIN_SAMPLES_FOR_TEST}): judged by the ${thresholdPercent}% threshold alone`,
    );
  const p99Regressed = p99Change > thresholdPercent && p99Significant;
  const meanRegressed = meanChange > thresholdPercent && meanSignificant;
  if (p99Regressed) {
    reasons.push(
      `p99 ${fmt(before.p99Ms)} → ${fmt(after.p99Ms)} ms (+${fmt(p99Change)}%, over the ${thresholdPercent}% threshold)` +
        (tested ? `; ${Math.round((1 - alpha) * 100)}% CI of the difference [${fmt(ci[0])}, ${fmt(ci[1])}] ms excludes 0` : ''),
    );
  } else if (p99Change > thresholdPercent) {
    reasons.push(`p99 +${fmt(p99Change)}% but not significant (CI [${fmt(ci[0])}, ${fmt(ci[1])}] ms includes 0)`);
  }
  if (meanRegressed) {
    reasons.push(
      `mean ${fmt(before.meanMs)} → ${fmt(after.meanMs)} ms (+${fmt(meanChange)}%, over the ${thresholdPercent}% threshold)` +
        (tested ? `; Mann-Whitney p = ${mannWhitneyP.toPrecision(2)} < ${alpha}` : ''),
    );
  } else if (meanChange > thresholdPercent) {
    reasons.push(`mean +${fmt(meanChange)}% but not significant (Mann-Whitney p = ${mannWhitneyP.toPrecision(2)})`);
  }
  if (slaBreached) reasons.push(`p99 after the upgrade ${fmt(after.p99Ms)} ms exceeds the SLA p99 of ${options.slaP99Ms} ms (hard limit)`);

  const regression = p99Regressed || meanRegressed || slaBreached;
  if (!regression)
    reasons.push(
      `p99 ${p99Change >= 0 ? '+' : ''}${fmt(p99Change)}%, mean ${meanChange >= 0 ? '+' : ''}${fmt(meanChange)}%: within the ${thresholdPercent}% threshold or not significant, and within the SLA`,
    );
  return {
    verdict: regression ? 'regression' : 'pass',
    reasons,
    p99: { before: before.p99Ms, after: after.p99Ms, changePercent: p99Change, ci95: ci, significant: tested && ci[0] > 0 },
    mean: {
      before: before.meanMs,
      after: after.meanMs,
      changePercent: meanChange,
      mannWhitneyP,
      significant: tested && mannWhitneyP < alpha,
    },
    slaBreached,
    tested,
  };
}

/** A benchmark run as the upgrade gate judges it: the whole run's latencies and each operation's p99. */
export interface WorkloadRun extends LatencyRun {
  byOperation: Record<'read' | 'write', { count: number; p99: number }>;
}

/**
 * The gate's whole decision on one workload run before and after an upgrade. The statistics of
 * compareRuns hold the whole run's p99 to the looser of the SLA's read and write targets; on top,
 * each operation's p99 after the change is held to its own target (reads to p99ReadMs, writes to
 * p99WriteMs), a hard limit like the whole run's.
 */
export function judgeUpgrade(before: WorkloadRun, after: WorkloadRun, sla: Sla, thresholdPercent = DEFAULT_THRESHOLD_PERCENT): GateVerdict {
  const verdict = compareRuns(before, after, { thresholdPercent, slaP99Ms: Math.max(sla.p99ReadMs, sla.p99WriteMs), seed: 1 });
  for (const [kind, limit] of [
    ['read', sla.p99ReadMs],
    ['write', sla.p99WriteMs],
  ] as const) {
    const { count, p99 } = after.byOperation[kind];
    if (count > 0 && p99 > limit) {
      verdict.verdict = 'regression';
      verdict.slaBreached = true;
      verdict.reasons.push(`${kind} p99 ${p99.toFixed(2)} ms after the change is over the SLA's ${limit} ms`);
    }
  }
  return verdict;
}
