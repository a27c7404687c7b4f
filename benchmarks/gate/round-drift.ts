import type { UpgradeJudgement } from '../../services/upgrades/upgrade-gate';

/** What one upgrade's own rounds showed of its pair's drift, for one workload and metric (DriftTaken.observed). */
export interface DriftSeen {
  test: string;
  excess: number;
  df: number;
  /** Pools joined again: the largest excess one upgrade showed among them; absent: this one's own. */
  largest?: number;
}

/** The drift each calibrated test of a judgement saw in its own rounds (none for tests whose rounds show none). */
export function driftSeenIn(judgement: UpgradeJudgement): DriftSeen[] {
  return judgement.workloads.flatMap(({ workload, verdict }) =>
    [verdict.p99, verdict.mean].flatMap((test) =>
      test?.roundDrift && test.roundDrift.observed.df > 0
        ? [{ test: `${workload}: ${test.metric}`, excess: test.roundDrift.observed.excess, df: test.roundDrift.observed.df }]
        : [],
    ),
  );
}

export type PooledDrift = Record<string, { percent: number; df: number; excess: number; largestPercent: number }>;

/**
 * Per workload and metric, the drift of the pair's offset between rounds pooled over upgrades: each
 * upgrade's excess variance of its round means weighted by its degrees of freedom, as a standard
 * deviation in percent (zero when the rounds vary no more than their slices explain), with the
 * degrees of freedom pooled, and the largest one upgrade's rounds showed on their own
 * (`largestPercent`: how far a single pair strays from the pool). What DEFAULT_ROUND_DRIFT is set from.
 */
export function pooledDrift(seen: ReadonlyArray<readonly DriftSeen[]>): PooledDrift {
  const sums = new Map<string, { weighted: number; df: number; largest: number }>();
  for (const { test, excess, df, largest } of seen.flat()) {
    const sum = sums.get(test) ?? { weighted: 0, df: 0, largest: 0 };
    sums.set(test, { weighted: sum.weighted + excess * df, df: sum.df + df, largest: Math.max(sum.largest, largest ?? excess) });
  }
  const percent = (variance: number) => Math.round(Math.expm1(Math.sqrt(Math.max(0, variance))) * 10000) / 100;
  return Object.fromEntries(
    [...sums].map(([test, { weighted, df, largest }]) => {
      const excess = weighted / df;
      return [test, { percent: percent(excess), df, excess, largestPercent: percent(largest) }];
    }),
  );
}
