import { forecastSeries, type Forecast, type ForecastInput } from './forecast/forecast';
import type { InstanceType } from '../core/regions';
import type { CapacitySubject } from './sql/capacity-subjects';
import { lastValue, maxOfLast, type DailySeries } from './daily-series';
import type { CapacityForecastRecord, StoredPoint } from './sql/forecast-repository';
import { clusterOpsLimit } from './ops-limits';
import { opsOutlook } from './ops-forecast';
import type { EngineAdapter } from '../core/engine-port';
import { DAY_MS } from '../core/clock';

/** The history a forecast fits: four months hold the weekly cycle 17 times and a recent step change. */
export const HISTORY_DAYS = 120;
/** How far ahead exhaustion is looked for; "null" dates mean beyond this. */
export const HORIZON_DAYS = 365;
/** The SLA is judged on the worst day of the last week. */
const SLA_DAYS = 7;
/** Chart points: every day for four months, then weekly, so a stored forecast stays a few kB. */
const DAILY_POINTS = 120;

export interface PreparedForecast {
  input: ForecastInput;
  series: DailySeries;
  forecast: Forecast;
}

/** The storage forecast of one cluster from its daily series; null when it has none. */
export function prepareForecast(subject: CapacitySubject, series: DailySeries | null | undefined): PreparedForecast | null {
  if (!series) return null;
  const input: ForecastInput = { values: series.usedGb, capacity: subject.spec.usableCapacityGb, horizonDays: HORIZON_DAYS };
  return { input, series, forecast: forecastSeries(input) };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
export const dayAfter = (lastBucket: Date, day: number | null): Date | null =>
  day === null ? null : new Date(lastBucket.getTime() + day * DAY_MS);

/** Whole days from now until `at` (0 when it has passed); null stays null. */
export function daysUntil(at: Date | null, now: Date): number | null {
  return at === null ? null : Math.max(0, Math.floor((at.getTime() - now.getTime()) / DAY_MS));
}

function chartPoints(forecast: Forecast): StoredPoint[] {
  return forecast.points
    .filter((p) => p.day <= DAILY_POINTS || p.day % 7 === 0)
    .map((p) => [p.day, round2(p.value), round2(p.low), round2(p.high)]);
}

/** Everything stored about a cluster's capacity: storage exhaustion, traffic against its limit, p99 against its SLA. */
export function forecastRecord(
  subject: CapacitySubject,
  prepared: PreparedForecast,
  instance: InstanceType | undefined,
  now: Date,
  engine: Pick<EngineAdapter, 'sizing' | 'opsPerVcpuAtFullCpu'>,
): CapacityForecastRecord {
  const { series, forecast, input } = prepared;
  const capacityGb = input.capacity;
  const usedGb = lastValue(series.usedGb) ?? 0;
  const exhaustionAt = dayAfter(series.lastBucket, forecast.exhaustionDay);
  const nodeCount = series.nodeCount > 0 ? series.nodeCount : subject.nodeCount;
  const opsLimit = clusterOpsLimit(engine, instance, nodeCount);
  const ops = opsOutlook(series.peakOps, opsLimit, HORIZON_DAYS);
  return {
    clusterId: subject.id,
    computedAt: now,
    method: forecast.method,
    resource: engine.sizing.resource === 'memoryGb' ? 'memory' : 'disk',
    historyDays: series.usedGb.filter((v) => !Number.isNaN(v)).length,
    lastBucket: series.lastBucket,
    fillNow: capacityGb > 0 ? usedGb / capacityGb : 0,
    usedGb,
    capacityGb,
    dailyGrowthGb: forecast.dailyGrowth,
    exhaustionAt,
    earliestAt: dayAfter(series.lastBucket, forecast.earliestDay),
    latestAt: dayAfter(series.lastBucket, forecast.latestDay),
    daysLeft: daysUntil(exhaustionAt, now),
    opsPeakPerSecond: ops.peakPerSecond,
    opsLimitPerSecond: opsLimit,
    opsLimitAt: dayAfter(series.lastBucket, ops.limitDay),
    p99ObservedMs: maxOfLast(series.p99Ms, SLA_DAYS),
    points: chartPoints(forecast),
  };
}
