import type { CapacityDeps } from './capacity-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import { headroom, type HeadroomChange } from './forecast/headroom';
import { MIN_VALUES_LINEAR } from './forecast/forecast';
import { dailyClusterRollups } from './metrics/sql/metrics-repository';
import { ConflictError } from '../core/errors';
import { subjectById } from './sql/capacity-subjects';
import { dayAfter, daysUntil, HISTORY_DAYS, HORIZON_DAYS, prepareForecast } from './cluster-forecast';
import { scaleAdvice, type ScaleAdvice } from './scale-advice';
import { dailySeries } from './daily-series';
import { currentDiskGb } from '../core/disk';

export interface WhatIfAnswer {
  /** The changed load runs out of capacity on this date; null = not within the horizon. */
  sufficientUntil: Date | null;
  daysLeft: number | null;
  horizonDays: number;
  dailyGrowthGb: number;
  scaleTo: ScaleAdvice | null;
  /** The answer as one sentence. */
  message: string;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

function sentence(answer: Omit<WhatIfAnswer, 'message'>): string {
  if (!answer.sufficientUntil) return `sufficient beyond the ${answer.horizonDays}-day forecast horizon: no change needed`;
  const until = `sufficient until ${day(answer.sufficientUntil)} (${answer.daysLeft} days)`;
  const s = answer.scaleTo;
  if (!s) return until;
  const perRegion = s.nodes !== s.nodesPerRegion ? ` (${s.nodesPerRegion} per region)` : '';
  const what = s.diskGb
    ? `grow storage to ${s.diskGb} GB per node`
    : s.instanceType
      ? `move to instance type ${s.instanceType}`
      : `scale to ${s.nodes} nodes${perRegion}`;
  return `${until}; ${what} by ${day(s.by)}${s.note ? ` (${s.note})` : ''}`;
}

/**
 * "What if writes grow 30%" / "what if 50 GB more a day": refits the cluster's current history (a
 * read: nothing is stored), applies the change to the forecast, and answers with the new exhaustion
 * date and, when it falls within the horizon, the size to reach by LEAD_DAYS before it.
 */
export async function whatIf(ctx: CapacityDeps, cluster: ClusterRecord, change: HeadroomChange): Promise<WhatIfAnswer> {
  const subject = await subjectById(ctx.pool, cluster.id);
  const rollups = (await dailyClusterRollups(ctx.pool, [cluster.id], HISTORY_DAYS)).get(cluster.id) ?? [];
  const prepared = subject ? prepareForecast(subject, dailySeries(rollups, subject.spec.usableCapacityGb)) : null;
  if (!subject || !prepared || prepared.forecast.method === 'insufficient-history') {
    throw new ConflictError(
      `cluster ${cluster.name} has ${rollups.length} days of metrics history; a forecast needs at least ${MIN_VALUES_LINEAR}`,
      { cluster: cluster.name, historyDays: rollups.length, neededDays: MIN_VALUES_LINEAR },
    );
  }
  const now = ctx.clock.now();
  const changed = headroom(prepared.input, change, prepared.forecast);
  const sufficientUntil = dayAfter(prepared.series.lastBucket, changed.exhaustionDay);
  const answer = {
    sufficientUntil,
    daysLeft: daysUntil(sufficientUntil, now),
    horizonDays: HORIZON_DAYS,
    dailyGrowthGb: changed.dailyGrowth,
    scaleTo: sufficientUntil
      ? scaleAdvice(
          subject,
          changed,
          sufficientUntil,
          ctx.regions.instanceTypes.values(),
          now,
          ctx.engines.get(subject.engine).sizing,
          currentDiskGb(subject, ctx.regions.instanceTypes),
        )
      : null,
  };
  return { ...answer, message: sentence(answer) };
}
