import { loadavg } from 'node:os';
import type { GateVerdictName, MetricTest, UpgradeJudgement } from '../../services/upgrades/upgrade-gate';

/**
 * What held a look back from a pass, one entry per workload and metric ("read-heavy: p99 too
 * noisy"): counted over the trials whose first look was not a pass, so that a run's inconclusive
 * rate says which test and which workload made it.
 */
export function causesOf(judgement: UpgradeJudgement): string[] {
  return judgement.workloads.flatMap(({ workload, verdict }) => {
    if (verdict.verdict === 'pass') return [];
    const causes = [verdict.p99, verdict.mean].flatMap((test) => (test ? testCauses(test) : []));
    if (verdict.p99 === null || verdict.mean === null) causes.push('too few slices');
    if (verdict.slaBreached) causes.push('SLA breached');
    return causes.map((cause) => `${workload}: ${cause}`);
  });
}

function testCauses(test: MetricTest): string[] {
  if (test.significant && test.beyondThreshold) return [`${test.metric} slower`];
  return [
    ...(test.tooNoisy ? [`${test.metric} too noisy`] : []),
    ...(test.design === 'paired' && test.beyondThreshold ? [`${test.metric} over the threshold, not significant`] : []),
    ...(test.slowerInFewSlices ? [`${test.metric} slower in a few slices`] : []),
  ];
}

export type CauseCounts = Record<string, number>;

/** Counts of each cause over a set of trials, the commonest first. */
export function countCauses(lists: ReadonlyArray<readonly string[]>): CauseCounts {
  const counts: CauseCounts = {};
  for (const cause of lists.flat()) counts[cause] = (counts[cause] ?? 0) + 1;
  return commonestFirst(counts);
}

/** Two sets of counts added up (two parts of a run), the commonest first. */
export function addCauses(a: CauseCounts, b: CauseCounts): CauseCounts {
  const sum: CauseCounts = { ...a };
  for (const [cause, n] of Object.entries(b)) sum[cause] = (sum[cause] ?? 0) + n;
  return commonestFirst(sum);
}

const commonestFirst = (counts: CauseCounts): CauseCounts => Object.fromEntries(Object.entries(counts).sort((x, y) => y[1] - x[1]));

const round = (x: number) => Math.round(x * 100) / 100;

/** Each slice's p99 of one node's runs, in order. */
export type SliceP99s = number[];

/**
 * An upgrade that ended other than it deserved (an unchanged one rolled back or held, a slowed one
 * not rolled back), kept whole enough to look into afterwards: its first and last looks, each
 * workload's tests and slices, the calibration the pair was measured on, and how busy the host was.
 */
export interface Surprise {
  trial: number;
  expected: GateVerdictName;
  firstLook: GateVerdictName;
  final: GateVerdictName;
  reruns: number;
  /** The host's one-minute load average when the upgrade was decided. */
  loadAverage: number;
  looks: Array<{ look: number; verdict: GateVerdictName; causes: string[]; workloads: WorkloadLook[] }>;
  /** Per workload, the canary's and the baseline's slice p99s in the calibration rounds before the change. */
  calibration?: Record<string, { canary: SliceP99s; baseline: SliceP99s }>;
}

interface WorkloadLook {
  workload: string;
  verdict: GateVerdictName;
  p99: TestBrief | null;
  mean: TestBrief | null;
  /** The slices the look judged (paired: the baseline's, then the canary's, lined up), p99 in ms. */
  slicesP99Ms: { before: SliceP99s; after: SliceP99s };
}

interface TestBrief {
  changePercent: number;
  interval: [number, number];
  pAdjusted: number;
  untrimmedChangePercent?: number;
}

const brief = (test: MetricTest | null): TestBrief | null =>
  test && {
    changePercent: round(test.changePercent),
    interval: [round(test.interval[0]), round(test.interval[1])],
    pAdjusted: Math.round(test.pAdjusted * 10_000) / 10_000,
    ...(test.untrimmedChangePercent === undefined ? {} : { untrimmedChangePercent: round(test.untrimmedChangePercent) }),
  };

/** One look as a surprise keeps it. */
function lookOf(look: number, judgement: UpgradeJudgement): Surprise['looks'][number] {
  return {
    look,
    verdict: judgement.verdict,
    causes: causesOf(judgement),
    workloads: judgement.workloads.map(({ workload, verdict }) => ({
      workload,
      verdict: verdict.verdict,
      p99: brief(verdict.p99),
      mean: brief(verdict.mean),
      slicesP99Ms: { before: verdict.slices.before.map((s) => round(s.p99Ms)), after: verdict.slices.after.map((s) => round(s.p99Ms)) },
    })),
  };
}

/** The surprise of an upgrade whose final verdict is not `expected`; null when it ended as it should. */
export function surpriseOf(
  trial: number,
  expected: GateVerdictName,
  looks: ReadonlyArray<{ look: number; judgement: UpgradeJudgement }>,
  reruns: number,
  calibration?: Surprise['calibration'],
): Surprise | null {
  const [first, last] = [looks[0]!, looks.at(-1)!];
  if (last.judgement.verdict === expected) return null;
  return {
    trial,
    expected,
    firstLook: first.judgement.verdict,
    final: last.judgement.verdict,
    reruns,
    loadAverage: round(loadavg()[0]!),
    looks: (first === last ? [first] : [first, last]).map(({ look, judgement }) => lookOf(look, judgement)),
    ...(calibration ? { calibration } : {}),
  };
}

/** At most this many surprises of one kind are kept in a run's results: enough to look into, never a file of megabytes. */
export const SURPRISES_KEPT = 25;

/** Rounded slice p99s of runs, in order. */
export const sliceP99s = (slices: ReadonlyArray<{ p99Ms: number }>): SliceP99s => slices.map((s) => round(s.p99Ms));
