import type { CapacityDeps } from './capacity-deps';
import { subjectById, subjectsAfter, type CapacitySubject } from './sql/capacity-subjects';
import { forecastRecord, HISTORY_DAYS, prepareForecast } from './cluster-forecast';
import { ForecastRepository, type CapacityForecastRecord } from './sql/forecast-repository';
import { CapacityNotices } from './notices';
import { fleetDailySeries } from './sql/fleet-series';

/** Clusters read, fitted and written together: one query and one insert per this many. */
export const FORECAST_BATCH = 1000;

/** Where a run's time went, ms, summed over batches. */
export interface ForecastPhases {
  readMs: number;
  fitMs: number;
  writeMs: number;
  noticeMs: number;
}

export interface ForecastRunStats {
  clusters: number;
  /** Clusters with a forecast stored (the rest had no rollups yet). */
  forecast: number;
  atRisk: number;
  noticesOpened: number;
  noticesCleared: number;
  phases: ForecastPhases;
}

const emptyStats = (): ForecastRunStats => ({
  clusters: 0,
  forecast: 0,
  atRisk: 0,
  noticesOpened: 0,
  noticesCleared: 0,
  phases: { readMs: 0, fitMs: 0, writeMs: 0, noticeMs: 0 },
});

/**
 * Forecasts clusters' capacity in batches: reads the batch's daily rollups in one query, fits each
 * cluster's usage, stores the batch's forecasts in one statement, then opens or re-arms notices.
 */
export class CapacityService {
  readonly forecasts: ForecastRepository;
  private readonly notices: CapacityNotices;

  constructor(private readonly ctx: CapacityDeps) {
    this.forecasts = new ForecastRepository(ctx.pool);
    this.notices = new CapacityNotices(ctx);
  }

  /** The whole fleet, page by page in id order. */
  async forecastFleet(batchSize = FORECAST_BATCH): Promise<ForecastRunStats> {
    const stats = emptyStats();
    let after: string | null = null;
    for (;;) {
      const subjects = await subjectsAfter(this.ctx.pool, after, batchSize);
      if (subjects.length === 0) break;
      await this.forecastBatch(subjects, stats);
      after = subjects[subjects.length - 1]!.id;
      if (subjects.length < batchSize) break;
    }
    return stats;
  }

  /** One cluster now; null when it has no rollups to fit yet. */
  async forecastCluster(clusterId: string): Promise<CapacityForecastRecord | null> {
    const subject = await subjectById(this.ctx.pool, clusterId);
    if (!subject) return null;
    const [record] = await this.forecastBatch([subject], emptyStats());
    return record ?? null;
  }

  async forecastBatch(subjects: CapacitySubject[], stats: ForecastRunStats): Promise<CapacityForecastRecord[]> {
    const now = this.ctx.clock.now();
    let mark = performance.now();
    const lap = (phase: keyof ForecastPhases) => {
      const t = performance.now();
      stats.phases[phase] += t - mark;
      mark = t;
    };
    const series = await fleetDailySeries(this.ctx.pool, subjects, HISTORY_DAYS);
    lap('readMs');
    const records: CapacityForecastRecord[] = [];
    for (const subject of subjects) {
      try {
        const prepared = prepareForecast(subject, series.get(subject.id));
        if (prepared)
          records.push(
            forecastRecord(
              subject,
              prepared,
              this.ctx.regions.instanceTypes.get(subject.spec.instanceType),
              now,
              this.ctx.engines.get(subject.engine),
            ),
          );
      } catch (error) {
        // One cluster's odd data must not cost the fleet its forecasts.
        this.ctx.logger.warn({ err: error, cluster: subject.name }, 'capacity forecast failed for one cluster');
      }
    }
    lap('fitMs');
    await this.forecasts.upsertMany(records);
    lap('writeMs');
    const notices = await this.notices.process(subjects, records, now);
    lap('noticeMs');
    stats.clusters += subjects.length;
    stats.forecast += records.length;
    stats.atRisk += records.filter((r) => r.daysLeft !== null && r.daysLeft <= this.ctx.config.capacityWarningDays).length;
    stats.noticesOpened += notices.opened;
    stats.noticesCleared += notices.cleared;
    return records;
  }
}
