import { mean, sampleStandardDeviation } from 'simple-statistics';
import { studentTCdf, studentTQuantile } from './student-t';

/**
 * The statistics of the slice-based upgrade gate: Welch's interval of the change in a slice measure
 * between two phases on the log scale (Student's t: student-t.ts), the paired and the calibrated
 * paired tests, and Holm's step-down correction across the several workloads and metrics an upgrade
 * tests.
 */

/** The change of one slice measure (p99 or mean) from the before slices to the after slices. */
export interface ShiftEstimate {
  /**
   * `independent`: the two sides measured at different times (Welch's t on the slices of each side).
   * `paired`: measured at the same time, slice i of one side beside slice i of the other (a paired t
   * on the per-slice log ratios).
   */
  design: 'independent' | 'paired';
  /** after ÷ before, as a percent change of the geometric means of the slices. */
  changePercent: number;
  /** Two-sided interval of the change at the requested level, in percent. */
  interval: [number, number];
  /** One-sided p-value of "after is slower". */
  pWorse: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  slices: { before: number; after: number };
  /**
   * Paired sides whose two nodes differ on their own: how many pairs measured the same two nodes
   * together before the change (both on the old version), whose log ratios were taken out of the
   * change (calibratedPairedLogShift).
   */
  calibrationPairs?: number;
  /** Share of the values cut from each end of each side before the means were taken (Yuen's test); absent: none. */
  trimmed?: number;
  /** With `trimmed`: the change over every value, none cut. */
  untrimmedChangePercent?: number;
  /** Calibrated paired sides: the drift of the pair's offset between rounds taken into the interval. */
  roundDrift?: DriftTaken;
}

/** Fewest slices a side needs before the gate estimates a spread from them. */
export const MIN_SLICES = 3;

const toPercent = (logRatio: number) => (Math.exp(logRatio) - 1) * 100;

/**
 * Welch's t on the logarithms of the per-slice values: the change is a ratio (a +10% regression is
 * +10% whether p99 is 1 ms or 50 ms), and slice p99s are skewed in a way their logarithms are not.
 * The spread comes from the slices themselves, between stretches of time, which is where most of a
 * benchmark's variance lies. Needs MIN_SLICES positive values on each side.
 */
export function logShift(before: readonly number[], after: readonly number[], level = 0.95): ShiftEstimate {
  if (before.length < MIN_SLICES || after.length < MIN_SLICES) throw new RangeError(`each side needs at least ${MIN_SLICES} slices`);
  if (![...before, ...after].every((v) => v > 0)) throw new RangeError('slice values must be positive');
  const lb = before.map(Math.log);
  const la = after.map(Math.log);
  const difference = mean(la) - mean(lb);
  const vb = sampleStandardDeviation(lb) ** 2 / lb.length;
  const va = sampleStandardDeviation(la) ** 2 / la.length;
  const se = Math.sqrt(vb + va);
  const slices = { before: before.length, after: after.length };
  const df = se === 0 ? Infinity : (vb + va) ** 2 / (vb ** 2 / (lb.length - 1) + va ** 2 / (la.length - 1));
  return { design: 'independent', ...logEstimate(difference, se, df, level), slices };
}

/** Change, interval and one-sided p of a mean log ratio with its standard error and degrees of freedom. */
function logEstimate(difference: number, se: number, df: number, level: number) {
  if (se === 0) {
    const sign = Math.sign(difference);
    return {
      changePercent: toPercent(difference),
      interval: [toPercent(difference), toPercent(difference)] as [number, number],
      pWorse: sign > 0 ? 0 : sign < 0 ? 1 : 0.5,
      df: Infinity,
    };
  }
  const critical = studentTQuantile(1 - (1 - level) / 2, df);
  return {
    changePercent: toPercent(difference),
    interval: [toPercent(difference - critical * se), toPercent(difference + critical * se)] as [number, number],
    pWorse: 1 - studentTCdf(difference / se, df),
    df,
  };
}

/**
 * The paired t on the per-slice log ratios log(after_i / before_i) of two sides measured at the same
 * time (a baseline node kept on the old version beside the changed one, driven by the same load):
 * whatever slows the host in slice i slows both sides, so it drops out of the ratio, and the spread
 * left is the two nodes' own. Needs MIN_SLICES pairs of positive values, in the same order.
 */
export function pairedLogShift(before: readonly number[], after: readonly number[], level = 0.95): ShiftEstimate {
  if (before.length !== after.length) throw new RangeError('paired sides need the same number of slices');
  if (before.length < MIN_SLICES) throw new RangeError(`paired sides need at least ${MIN_SLICES} slices`);
  if (![...before, ...after].every((v) => v > 0)) throw new RangeError('slice values must be positive');
  const ratios = after.map((a, i) => Math.log(a / before[i]!));
  const se = sampleStandardDeviation(ratios) / Math.sqrt(ratios.length);
  return {
    design: 'paired',
    ...logEstimate(mean(ratios), se, ratios.length - 1, level),
    slices: { before: before.length, after: after.length },
  };
}

/**
 * Holm's step-down procedure: which of the hypotheses are rejected at family-wise error rate
 * `alpha`. The smallest p-value is held to alpha / m, the next to alpha / (m − 1), and so on, stopping
 * at the first that fails. Also returns each adjusted p-value (monotone, capped at 1).
 */
export function holm(pValues: readonly number[], alpha: number): { rejected: boolean[]; adjusted: number[] } {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m).fill(1);
  const rejected = new Array<boolean>(m).fill(false);
  let running = 0;
  let stillRejecting = true;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
    stillRejecting = stillRejecting && p <= alpha / (m - rank);
    rejected[i] = stillRejecting;
  });
  return { rejected, adjusted };
}

/**
 * Share of slices trimmed from each end of each side in the calibrated paired test (Yuen's 20%,
 * the usual choice): a pause of the host that hits one side in one slice makes that slice's ratio
 * ten times off, and such slices both widen a plain mean's interval and move the mean itself.
 */
export const DEFAULT_TRIM = 0.2;

/** How many of `n` values a trim of `trim` at each end keeps. */
export const keptAfterTrim = (n: number, trim: number) => n - 2 * Math.floor(trim * n);

/** One side of Yuen's test: its trimmed mean, the squared standard error of it (from the winsorized variance), and the count kept. */
function trimmedSide(values: readonly number[], trim: number) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const kept = keptAfterTrim(n, trim);
  const cut = (n - kept) / 2;
  const winsorized = sorted.map((v, i) => (i < cut ? sorted[cut]! : i >= n - cut ? sorted[n - cut - 1]! : v));
  return {
    mean: mean(sorted.slice(cut, n - cut)),
    squaredError: ((n - 1) * sampleStandardDeviation(winsorized) ** 2) / (kept * (kept - 1)),
    kept,
  };
}

/**
 * Yuen's test: Welch's t on trimmed means, `trim` of each side's values cut from each end, the spread
 * from the winsorized variance (Yuen 1974; what scipy's `ttest_ind(trim=…)` computes). With trim 0
 * it is Welch's t. Needs MIN_SLICES values kept on each side. Returns the difference of the trimmed
 * means, its squared standard error (`spread`) and the degrees of freedom.
 */
function trimmedDifference(before: readonly number[], after: readonly number[], trim: number) {
  if (!(trim >= 0 && trim < 0.5)) throw new RangeError('trim must be at least 0 and under a half');
  const [b, a] = [trimmedSide(before, trim), trimmedSide(after, trim)];
  if (b.kept < MIN_SLICES || a.kept < MIN_SLICES) throw new RangeError(`each side needs at least ${MIN_SLICES} values kept`);
  const spread = b.squaredError + a.squaredError;
  const df = spread === 0 ? Infinity : spread ** 2 / (b.squaredError ** 2 / (b.kept - 1) + a.squaredError ** 2 / (a.kept - 1));
  return { difference: a.mean - b.mean, spread, df };
}

/** Yuen's test (trimmedDifference) as a change with its interval and one-sided p. */
export function trimmedShift(before: readonly number[], after: readonly number[], trim: number, level = 0.95) {
  const { difference, spread, df } = trimmedDifference(before, after, trim);
  return logEstimate(difference, Math.sqrt(spread), df, level);
}

/**
 * How far a pair's offset (the log ratio of its two nodes) moves from one run of them to the next,
 * beyond what the slices within a run show: the standard deviation of a run's offset, in percent,
 * and the degrees of freedom it is known to. Slices within a run average their own noise away, but
 * not this: a second run of the same pair starts from another offset (caches, the host's scheduling
 * of two processes, the order in which connections warmed up).
 */
export interface RoundDrift {
  percent: number;
  df: number;
}

/** Values with the round (run) each came from. */
interface InRounds {
  values: readonly number[];
  /** The round of each value; absent: all one round. */
  rounds?: readonly number[] | undefined;
}

/**
 * The drift one side's rounds show: the variance of the rounds' trimmed means less the mean of their
 * squared standard errors (what the slices alone would make them vary by), with one degree of freedom
 * fewer than the rounds. Rounds with too few values kept to estimate a spread are left out; with
 * fewer than two such rounds the side shows nothing (no degrees of freedom). `rounds`: how many
 * rounds the side has, usable or not.
 */
function driftInRounds({ values, rounds }: InRounds, trim: number): { excess: number; df: number; rounds: number } {
  const groups = new Map<number, number[]>();
  values.forEach((v, i) => {
    const round = rounds?.[i] ?? 0;
    const group = groups.get(round);
    if (group) group.push(v);
    else groups.set(round, [v]);
  });
  const usable = [...groups.values()].filter((g) => keptAfterTrim(g.length, trim) >= MIN_SLICES).map((g) => trimmedSide(g, trim));
  if (usable.length < 2) return { excess: 0, df: 0, rounds: groups.size };
  const excess = sampleStandardDeviation(usable.map((g) => g.mean)) ** 2 - mean(usable.map((g) => g.squaredError));
  return { excess, df: usable.length - 1, rounds: groups.size };
}

/** What the calibrated paired test is told besides the values. */
export interface CalibratedOptions {
  level?: number;
  /** Share cut from each end of each side (DEFAULT_TRIM; 0: plain means). */
  trim?: number;
  /** The round of each value of the calibration and of the measured sides; absent: one round each. */
  rounds?: { calibration?: readonly number[] | undefined; after?: readonly number[] | undefined };
  /** The drift of a pair's offset between rounds known beforehand (pooled over earlier pairs); absent: none. */
  drift?: RoundDrift;
}

/** The round-to-round drift a calibrated paired estimate took in. */
export interface DriftTaken {
  /** The drift used: the known drift and what this upgrade's own rounds showed, pooled. */
  percent: number;
  df: number;
  rounds: { calibration: number; after: number };
  /** What this upgrade's rounds showed on their own: excess variance of the round means (log scale) and its degrees of freedom. */
  observed: { excess: number; df: number };
}

/**
 * The paired change of two nodes that differ on their own (hardware, neighbours, caches): the same
 * two nodes were measured together before the change too (both on the old version), so the change
 * is the shift of their per-slice log ratios, log(canary_i / baseline_i) after the change against
 * the same before it. What slows the host in a slice still drops out of each ratio; what makes one
 * node slower than the other drops out of the difference. The shift is Yuen's test on the two sets
 * of log ratios (`trim` of each cut from each end, DEFAULT_TRIM; 0 gives Welch's t on their means):
 * a slice in which a pause hit one side alone is then one slice among the trimmed ones, not a tenfold
 * ratio in the mean. The change over every slice, untrimmed, is kept beside it
 * (`untrimmedChangePercent`): a change that slows a few slices a lot (a stall of the new version)
 * shows there, and the gate does not pass it.
 *
 * The pair's offset also moves from one run of the pair to the next (RoundDrift), which no number of
 * slices within a run averages away: with `drift` (or rounds of its own to show it), the variance of
 * the change gains the drift's variance over each side's rounds, τ² (1/R_calibration + 1/R_after).
 * τ² is the known drift pooled with the excess spread of this upgrade's own round means, weighted
 * by degrees of freedom; the degrees of freedom of the whole are Satterthwaite's. Needs MIN_SLICES pairs of positive values kept
 * on each side, each pair in the same order.
 */
export function calibratedPairedLogShift(
  calibration: { before: readonly number[]; after: readonly number[] },
  before: readonly number[],
  after: readonly number[],
  options: CalibratedOptions = {},
): ShiftEstimate {
  const { level = 0.95, trim = DEFAULT_TRIM, rounds = {}, drift } = options;
  const logRatios = (b: readonly number[], a: readonly number[]) => {
    if (b.length !== a.length) throw new RangeError('paired sides need the same number of slices');
    if (![...b, ...a].every((v) => v > 0)) throw new RangeError('slice values must be positive');
    return a.map((v, i) => Math.log(v / b[i]!));
  };
  const [calibrated, changed] = [logRatios(calibration.before, calibration.after), logRatios(before, after)];
  const { difference, spread, df } = trimmedDifference(calibrated, changed, trim);
  const sides = [
    driftInRounds({ values: calibrated, rounds: rounds.calibration }, trim),
    driftInRounds({ values: changed, rounds: rounds.after }, trim),
  ] as const;
  const observedDf = sides[0].df + sides[1].df;
  const observed = {
    excess: observedDf > 0 ? (sides[0].df * sides[0].excess + sides[1].df * sides[1].excess) / observedDf : 0,
    df: observedDf,
  };
  const known = drift ? { variance: Math.log1p(drift.percent / 100) ** 2, df: drift.df } : { variance: 0, df: 0 };
  const driftDf = known.df + observed.df;
  const tau2 = driftDf > 0 ? Math.max(0, (known.df * known.variance + observed.df * observed.excess) / driftDf) : 0;
  const between = tau2 * (1 / sides[0].rounds + 1 / sides[1].rounds);
  const total = spread + between;
  const combinedDf = between === 0 ? df : total ** 2 / (spread ** 2 / df + between ** 2 / driftDf);
  return {
    design: 'paired',
    ...logEstimate(difference, Math.sqrt(total), combinedDf, level),
    slices: { before: before.length, after: after.length },
    calibrationPairs: calibration.before.length,
    trimmed: trim,
    untrimmedChangePercent: toPercent(mean(changed) - mean(calibrated)),
    ...(driftDf > 0
      ? {
          roundDrift: {
            percent: toPercent(Math.sqrt(tau2)),
            df: driftDf,
            rounds: { calibration: sides[0].rounds, after: sides[1].rounds },
            observed,
          },
        }
      : {}),
  };
}
