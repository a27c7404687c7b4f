import type { ClusterRecord } from '../fleet/cluster-record';
import type { ClusterRollup } from './metrics/sql/metrics-repository';
import { HORIZON_DAYS } from './cluster-forecast';
import { dailySeries } from './daily-series';
import type { CapacityForecastRecord } from './sql/forecast-repository';
import { DAY_MS } from '../core/clock';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const round2 = (v: number): number => Math.round(v * 100) / 100;

/** The API's view of a cluster's forecast: the stored prediction plus its daily history, for the chart. */
export function forecastView(
  cluster: ClusterRecord,
  record: CapacityForecastRecord,
  rollups: readonly ClusterRollup[],
  warningDays: number,
) {
  const series = dailySeries(rollups, record.capacityGb);
  const history: Array<{ at: string; usedGb: number }> = [];
  if (series) {
    const start = series.lastBucket.getTime() - (series.usedGb.length - 1) * DAY_MS;
    series.usedGb.forEach((usedGb, i) => {
      if (!Number.isNaN(usedGb)) history.push({ at: new Date(start + i * DAY_MS).toISOString(), usedGb: round2(usedGb) });
    });
  }
  const last = record.lastBucket.getTime();
  return {
    cluster: cluster.name,
    simulated: cluster.simulated,
    computedAt: record.computedAt.toISOString(),
    method: record.method,
    resource: record.resource,
    fillNow: Math.round(record.fillNow * 10_000) / 10_000,
    usedGb: round2(record.usedGb),
    capacityGb: round2(record.capacityGb),
    dailyGrowthGb: round2(record.dailyGrowthGb),
    daysLeft: record.daysLeft,
    exhaustionAt: iso(record.exhaustionAt),
    earliestAt: iso(record.earliestAt),
    latestAt: iso(record.latestAt),
    warningDays,
    atRisk: record.daysLeft !== null && record.daysLeft <= warningDays,
    horizonDays: HORIZON_DAYS,
    historyDays: record.historyDays,
    history,
    forecast: record.points.map(([day, usedGb, lowGb, highGb]) => ({
      at: new Date(last + day * DAY_MS).toISOString(),
      usedGb,
      lowGb,
      highGb,
    })),
    ops: {
      peakPerSecond: Math.round(record.opsPeakPerSecond),
      limitPerSecond: Math.round(record.opsLimitPerSecond),
      limitAt: iso(record.opsLimitAt),
      unit: 'reads + 2 × writes per second',
    },
    sla: {
      p99ReadMs: cluster.sla.p99ReadMs,
      p99Ms: record.p99ObservedMs === null ? null : round2(record.p99ObservedMs),
      met: record.p99ObservedMs === null ? null : record.p99ObservedMs <= cluster.sla.p99ReadMs,
    },
  };
}

export type ForecastView = ReturnType<typeof forecastView>;
