import { InputError } from '../core/errors';
import type { Sla } from '../core/types';
import type { SliceSummary } from '../workload/slices';
import {
  calibratedPairedLogShift,
  DEFAULT_TRIM,
  holm,
  keptAfterTrim,
  logShift,
  MIN_SLICES,
  pairedLogShift,
  type RoundDrift,
  type ShiftEstimate,
} from './slice-statistics';
import {
  GateMetrics,
  type GateVerdictName,
  type MetricTest,
  type UpgradeJudgement,
  type WorkloadRun,
  type WorkloadVerdict,
} from './gate-verdict';
import { metricReason, verdictSummary } from './gate-reasons';

export type { GateVerdictName, MetricTest, UpgradeJudgement, WorkloadRun, WorkloadVerdict } from './gate-verdict';

/**
 * The smallest slowdown worth rolling back: a change must be estimated above it (and be significant)
 * to count as a regression. The one default: an upgrade's params may set another.
 */
export const DEFAULT_THRESHOLD_PERCENT = 10;
/**
 * Family-wise false-alarm rate over all the workloads and metrics of one upgrade. Small, because a
 * campaign judges thousands of upgrades and each false alarm undoes a good one.
 */
export const DEFAULT_ALPHA = 0.002;
/** Level of the intervals shown, and of the rule that calls evidence too noisy. */
export const INTERVAL_LEVEL = 0.95;
/**
 * Evidence is too noisy when the interval's half-width is over this many thresholds: a regression of
 * twice the threshold would then be estimated under the threshold too often (with a half-width of
 * two thresholds, one time in six) to trust a pass.
 */
export const NOISE_FACTOR = 2;

/**
 * How far a pair's offset moves between runs of the pair on its own, known before an upgrade measures
 * its pair: the real canary runs of `bench:gate` (two and three local redis-servers, 90 unchanged
 * upgrades, 180 degrees of freedom) showed 0.66% for the mean and none beyond the slices' own spread
 * for p99, pooled; the larger is taken for both. It is a fleet's figure, not this pair's: another
 * host, engine or load can drift more. So it counts as six degrees of freedom only, and an
 * upgrade's own rounds (two degrees of freedom from three calibration rounds, more with reruns) move
 * the drift used towards what they show.
 */
export const DEFAULT_ROUND_DRIFT: RoundDrift = { percent: 0.7, df: 6 };

export interface GateOptions {
  thresholdPercent?: number;
  alpha?: number;
  /** Share of slices cut from each end of each side in the calibrated paired test (DEFAULT_TRIM; 0: plain means). */
  trim?: number;
  /** The drift of a pair's offset between rounds known beforehand (DEFAULT_ROUND_DRIFT); `null`: none but what the rounds show. */
  roundDrift?: RoundDrift | null;
}

export interface WorkloadEvidence {
  workload: string;
  /** Before: the old version (or a baseline node kept on it); after: the changed node(s). */
  before: WorkloadRun;
  after: WorkloadRun;
  /**
   * The two sides were measured at the same time, slice i of one beside slice i of the other (a
   * baseline node on the old version and the changed node under the same load): the change is then
   * estimated from the paired slice ratios, in which the host's own slowdowns cancel.
   */
  paired?: boolean;
  /**
   * Paired sides on two nodes that differ on their own: the same two nodes measured together before
   * the change (both on the old version; `before` the baseline, `after` the canary-to-be, slices
   * lined up). Their per-slice ratio is taken out of the paired change. `rounds`: the round (run of
   * the pair) each lined-up pair of slices came from (linePairedRounds); absent: one round.
   */
  calibration?: { before: readonly SliceSummary[]; after: readonly SliceSummary[]; rounds?: readonly number[] };
  /** Paired sides measured over several rounds (reruns): the round of each lined-up pair of slices; absent: one round. */
  rounds?: readonly number[];
}

const valueOf = (s: SliceSummary, metric: 'p99' | 'mean') => (metric === 'p99' ? s.p99Ms : s.meanMs);
const positive = (slices: readonly SliceSummary[], metric: 'p99' | 'mean') => slices.map((s) => valueOf(s, metric)).filter((v) => v > 0);

/** One metric's values of lined-up slices, each with its round; a pair with a zero on either side is left out. */
const pairsOf = (before: readonly SliceSummary[], after: readonly SliceSummary[], metric: 'p99' | 'mean', rounds?: readonly number[]) => {
  const pairs = before
    .map((b, i) => [valueOf(b, metric), valueOf(after[i]!, metric), rounds?.[i] ?? 0] as const)
    .filter(([b, a]) => b > 0 && a > 0);
  return { before: pairs.map(([b]) => b), after: pairs.map(([, a]) => a), rounds: pairs.map(([, , r]) => r) };
};

/**
 * One metric's change: paired when the sides were measured together and their slices line up (same
 * count), calibrated when the pair was measured before the change too (with the pair's drift between
 * rounds, `drift`, taken in), else Welch's t on each side's slices. Null when there are too few
 * slices (or pairs) to estimate a spread.
 */
function estimate(evidence: WorkloadEvidence, metric: 'p99' | 'mean', trim: number, drift: RoundDrift | null): ShiftEstimate | null {
  const { before, after, paired, calibration } = evidence;
  if (paired && before.slices.length === after.slices.length) {
    const pairs = pairsOf(before.slices, after.slices, metric, evidence.rounds);
    if (pairs.before.length < MIN_SLICES) return null;
    if (!calibration) return pairedLogShift(pairs.before, pairs.after, INTERVAL_LEVEL);
    if (calibration.before.length !== calibration.after.length) return null;
    const calibrated = pairsOf(calibration.before, calibration.after, metric, calibration.rounds);
    if (Math.min(keptAfterTrim(calibrated.before.length, trim), keptAfterTrim(pairs.before.length, trim)) < MIN_SLICES) return null;
    return calibratedPairedLogShift(calibrated, pairs.before, pairs.after, {
      level: INTERVAL_LEVEL,
      trim,
      rounds: { calibration: calibrated.rounds, after: pairs.rounds },
      ...(drift ? { drift } : {}),
    });
  }
  const b = positive(before.slices, metric);
  const a = positive(after.slices, metric);
  return b.length >= MIN_SLICES && a.length >= MIN_SLICES ? logShift(b, a, INTERVAL_LEVEL) : null;
}

/** Hard limits: the whole after run's p99 against the looser SLA target, each operation's against its own. */
function slaBreaches(after: WorkloadRun, sla: Sla): string[] {
  const reasons: string[] = [];
  const limit = Math.max(sla.p99ReadMs, sla.p99WriteMs);
  if (after.p99Ms > limit)
    reasons.push(`p99 after the change ${after.p99Ms.toFixed(1)} ms exceeds the SLA p99 of ${limit} ms (hard limit)`);
  for (const [kind, own] of [
    ['read', sla.p99ReadMs],
    ['write', sla.p99WriteMs],
  ] as const) {
    const { count, p99 } = after.byOperation[kind];
    if (count > 0 && p99 > own) reasons.push(`${kind} p99 ${p99.toFixed(2)} ms after the change is over the SLA's ${own} ms`);
  }
  return reasons;
}

/**
 * The upgrade gate. Pure and deterministic. Each workload's before and after runs are cut into
 * slices of time; for p99 and for the mean, the change is estimated from the spread between slices
 * (Welch's t on log values; for sides measured at the same time, a paired t on the per-slice log
 * ratios; for a pair calibrated before the change, Yuen's trimmed test of its log ratios after the
 * change against before it: slice-statistics.ts), and every workload × metric test of the upgrade is
 * corrected together (Holm, family-wise `alpha`). A workload regresses when a test is significant
 * AND its estimated change is over the threshold, or when the after run breaks the SLA (a hard
 * limit). It is inconclusive, not passed, when a test's interval is too wide to rule out a change of
 * the threshold's size (half-width over NOISE_FACTOR thresholds and upper bound over one), when a
 * paired test's estimate is over the threshold but not significant (a pass must not be estimated
 * slower than the threshold allows), when a trimmed test's change over every slice is over the
 * threshold (`slowerInFewSlices`), or when a side has too few slices: the caller reruns rather than rolls back.
 * Otherwise it passes.
 * The upgrade regresses if any workload does; else it is inconclusive if any workload is.
 */
export function judgeUpgrade(evidence: readonly WorkloadEvidence[], sla: Sla, options: GateOptions = {}): UpgradeJudgement {
  const thresholdPercent = options.thresholdPercent ?? DEFAULT_THRESHOLD_PERCENT;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const trim = options.trim ?? DEFAULT_TRIM;
  const drift = options.roundDrift === undefined ? DEFAULT_ROUND_DRIFT : options.roundDrift;
  if (!(thresholdPercent >= 0)) throw new InputError('thresholdPercent must be zero or more', { thresholdPercent });
  if (!(alpha > 0 && alpha < 1)) throw new InputError('alpha must be between 0 and 1', { alpha });
  if (!(trim >= 0 && trim < 0.5)) throw new InputError('trim must be at least 0 and under a half', { trim });
  if (drift && !(drift.percent >= 0 && drift.df >= 0))
    throw new InputError('roundDrift needs a percent and degrees of freedom of zero or more', { drift });

  const estimates = evidence.map((e) => GateMetrics.map((metric) => estimate(e, metric, trim, drift)));
  const tested = estimates.flat().filter((e) => e !== null);
  const { rejected, adjusted } = holm(
    tested.map((e) => e.pWorse),
    alpha,
  );
  let next = 0;
  const workloads = evidence.map(({ workload, before, after }, w) => {
    const tests = GateMetrics.map((metric, m): MetricTest | null => {
      const estimate = estimates[w]![m];
      if (!estimate) return null;
      const index = next++;
      const [low, high] = estimate.interval;
      const significant = rejected[index]!;
      const beyondThreshold = estimate.changePercent > thresholdPercent;
      return {
        ...estimate,
        metric,
        pAdjusted: adjusted[index]!,
        significant,
        beyondThreshold,
        tooNoisy: (high - low) / 2 > NOISE_FACTOR * thresholdPercent && high > thresholdPercent,
        slowerInFewSlices:
          !(significant && beyondThreshold) &&
          estimate.untrimmedChangePercent !== undefined &&
          estimate.untrimmedChangePercent > thresholdPercent,
      };
    });
    const [p99, mean] = tests as [MetricTest | null, MetricTest | null];
    const breaches = slaBreaches(after, sla);
    const regressed = tests.some((t) => t?.significant && t.beyondThreshold) || breaches.length > 0;
    const missing = tests.some((t) => t === null);
    const noisy = tests.some((t) => t?.tooNoisy);
    // Paired: estimated over the threshold but not significant is neither a regression shown nor one
    // ruled out, and a rerun measures both sides afresh. Not for sequential sides: their reruns measure
    // the after side only, so a before side low by chance stays in every look and the rerun would
    // turn that chance into rollbacks (README).
    const unproven = tests.some((t) => t?.design === 'paired' && t.beyondThreshold && !t.significant);
    // Trimmed: a change that slows a few slices a lot (a stall the new version brings) hardly moves
    // the trimmed mean; over every slice it shows, and such a change is not passed (rerun, then held).
    const fewSlices = tests.some((t) => t?.slowerInFewSlices);
    const verdict: GateVerdictName = regressed ? 'regression' : missing || noisy || unproven || fewSlices ? 'inconclusive' : 'pass';
    const reasons = [
      ...(missing
        ? [`too few slices to measure the spread (${before.slices.length} before, ${after.slices.length} after; need ${MIN_SLICES} a side)`]
        : []),
      ...tests.flatMap((t) => (t ? [metricReason(t, thresholdPercent, alpha)] : [])),
      ...breaches,
    ];
    const judged: WorkloadVerdict = {
      verdict,
      reasons,
      p99,
      mean,
      slaBreached: breaches.length > 0,
      slices: { before: [...before.slices], after: [...after.slices] },
    };
    return { workload, verdict: judged };
  });
  const verdict: GateVerdictName = workloads.some((w) => w.verdict.verdict === 'regression')
    ? 'regression'
    : workloads.some((w) => w.verdict.verdict === 'inconclusive')
      ? 'inconclusive'
      : 'pass';
  return {
    verdict,
    reasons: [verdictSummary(verdict, workloads, thresholdPercent, alpha)],
    thresholdPercent,
    alpha,
    intervalLevel: INTERVAL_LEVEL,
    workloads,
  };
}
