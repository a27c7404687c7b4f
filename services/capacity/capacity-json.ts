import type { AtRiskRow } from './sql/forecast-repository';
import type { CapacityNotice } from './sql/notice-repository';
import type { WhatIfAnswer } from './what-if';

/** API shapes of the capacity records: dates as ISO strings, internal ids left out. */

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function whatIfJson(answer: WhatIfAnswer) {
  const { scaleTo } = answer;
  return {
    ...answer,
    sufficientUntil: iso(answer.sufficientUntil),
    dailyGrowthGb: Math.round(answer.dailyGrowthGb * 100) / 100,
    scaleTo: scaleTo ? { ...scaleTo, by: scaleTo.by.toISOString() } : null,
  };
}

/** `warningDays`: the horizon inside which a cluster is warned about (notices, the console's marking). */
export function atRiskJson(row: AtRiskRow, warningDays: number) {
  const { clusterId: _id, ...rest } = row;
  return {
    ...rest,
    warningDays,
    withinWarning: row.daysLeft <= warningDays,
    fillNow: Math.round(row.fillNow * 10_000) / 10_000,
    exhaustionAt: iso(row.exhaustionAt),
    earliestAt: iso(row.earliestAt),
    latestAt: iso(row.latestAt),
  };
}

export function noticeJson(n: CapacityNotice) {
  return {
    id: n.id,
    thresholdDays: n.thresholdDays,
    crossedAt: n.crossedAt.toISOString(),
    daysLeft: n.daysLeft,
    exhaustionAt: iso(n.exhaustionAt),
    notifiedAt: iso(n.notifiedAt),
    deliveries: n.deliveries,
    clearedAt: iso(n.clearedAt),
    open: n.clearedAt === null,
  };
}
