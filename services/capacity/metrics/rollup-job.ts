import type { CapacityDeps } from '../capacity-deps';
import type { PoolClient } from '../../infra/db/pool';
import type { BackgroundJob } from '../../infra/queues/background-queue';
import { dropExpiredPartitions, ensureUpcomingPartitions } from './sql/partitions';
import { hourStart, rollUpDays, rollUpHours } from './sql/rollups';
import { backfillSimulatedHistory } from './simulated-history';
import { recordRollupMark, releaseRollupLock, rollupMark, tryRollupLock } from './sql/rollup-progress';
import { DAY_MS, HOUR_MS } from '../../core/clock';

const PROGRESS = 'hours';
/** Partitions made ahead of need, so a write at midnight never has to create one. */
const PARTITIONS_AHEAD_DAYS = 3;
/** Share of the schedule's period a run may spend backfilling simulated history. */
const BACKFILL_SHARE = 0.8;

export interface RollupResult {
  /** Another run held the lock: this one did nothing. */
  skipped: boolean;
  /** Simulated clusters given their history in this run. */
  backfilledClusters: number;
  hourRows: number;
  dayRows: number;
  droppedPartitions: string[];
}

/** From the hour before the last run's mark (hours not yet final), never before what raw retention keeps. */
async function rollupStart(client: PoolClient, now: number, retentionDays: number): Promise<number> {
  const oldestRaw = now - retentionDays * DAY_MS;
  const mark = await rollupMark(client, PROGRESS);
  return mark === undefined ? oldestRaw : Math.max(oldestRaw, Math.min(mark, hourStart(now)) - HOUR_MS);
}

/**
 * The metrics-rollup background job: makes the coming days' raw partitions, recomputes the hourly
 * rollups of the hours not yet final (the previous and the current one, or more after a pause) and
 * the daily rollups of the days they touch, gives new simulated clusters their history, and drops
 * raw partitions past retention. Idempotent; a second run while one holds the lock returns
 * at once (skipped).
 */
export async function runMetricsRollup(ctx: CapacityDeps, _job: BackgroundJob, at: Date = ctx.clock.now()): Promise<RollupResult> {
  const client = await ctx.pool.connect();
  try {
    if (!(await tryRollupLock(client))) return { skipped: true, backfilledClusters: 0, hourRows: 0, dayRows: 0, droppedPartitions: [] };
    try {
      const now = at.getTime();
      const retentionDays = ctx.config.metricsRawRetentionDays;
      await ensureUpcomingPartitions(ctx.pool, at, PARTITIONS_AHEAD_DAYS);
      const from = await rollupStart(client, now, retentionDays);
      const hours = await rollUpHours(client, from, now + 1);
      const days = await rollUpDays(client, from, now + 1);
      await recordRollupMark(client, PROGRESS, new Date(hourStart(now)));
      // After the live rollups, within most of a period; today's daily rollup takes in the backfilled hours next run.
      const backfilledClusters = await backfillSimulatedHistory(ctx, at, ctx.config.metricsRollupEveryMs * BACKFILL_SHARE);
      const droppedPartitions = await dropExpiredPartitions(ctx.pool, at, retentionDays);
      if (backfilledClusters > 0 || droppedPartitions.length > 0)
        ctx.logger.info({ backfilledClusters, droppedPartitions }, 'metrics rollup');
      return {
        skipped: false,
        backfilledClusters,
        hourRows: hours.nodes + hours.clusters,
        dayRows: days.nodes + days.clusters,
        droppedPartitions,
      };
    } finally {
      await releaseRollupLock(client).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
