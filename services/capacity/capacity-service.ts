import type { CapacityDeps } from './capacity-deps';
import { subjectById, subjectsAfter, type CapacitySubject } from './sql/capacity-subjects';
import { forecastRecord, HISTORY_DAYS, prepareForecast } from './cluster-forecast';
import { ForecastRepository, type CapacityForecastRecord } from './sql/forecast-repository';
import { CapacityNotices } from './notices';
import { fleetDailySeries } from './sql/fleet-series';
import type { DailySeries } from './daily-series';
import { runPipeline } from './fleet-pipeline';
import { storeForecasts } from './store-forecasts';

/** Clusters read, fitted and written together: one query and one insert per this many. */
export const FORECAST_BATCH = 1000;

/** Where a run's time went, ms, summed over batches; a fleet pass overlaps them, so they add up to more than it took. */
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

/** A page of the fleet as read: its clusters, their daily series, and the time the forecasts are computed at. */
export interface FleetPage {
  subjects: CapacitySubject[];
  series: Map<string, DailySeries>;
  now: Date;
}

export const emptyStats = (): ForecastRunStats => ({
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
 * A fleet pass overlaps the batches' reads and stores with the fits.
 */
export class CapacityService {
  readonly forecasts: ForecastRepository;
  private readonly notices: CapacityNotices;

  constructor(private readonly ctx: CapacityDeps) {
    this.forecasts = new ForecastRepository(ctx.pool);
    this.notices = new CapacityNotices(ctx);
  }

  /**
   * The whole fleet, page by page in id order, read, fitted and stored as a pipeline
   * (fleet-pipeline.ts): the phases' times overlap, so they add up to more than the pass took.
   */
  async forecastFleet(batchSize = FORECAST_BATCH): Promise<ForecastRunStats> {
    const stats = emptyStats();
    await runPipeline<FleetPage, CapacityForecastRecord[]>({
      read: async (previous) => {
        if (previous && previous.subjects.length < batchSize) return null;
        const started = performance.now();
        const page = await this.readPage(previous?.subjects[previous.subjects.length - 1]!.id ?? null, batchSize);
        stats.phases.readMs += performance.now() - started;
        return page;
      },
      fit: (page) => this.fitPage(page, stats),
      store: async (page, records) => {
        await this.storePage(page, records, stats);
      },
    });
    return stats;
  }

  /** One cluster now; null when it has no rollups to fit yet. */
  async forecastCluster(clusterId: string): Promise<CapacityForecastRecord | null> {
    const subject = await subjectById(this.ctx.pool, clusterId);
    if (!subject) return null;
    const now = this.ctx.clock.now();
    const page: FleetPage = { subjects: [subject], series: await fleetDailySeries(this.ctx.pool, [subject], HISTORY_DAYS), now };
    const stats = emptyStats();
    const stored = await this.storePage(page, this.fitPage(page, stats), stats);
    return stored[0] ?? null;
  }

  /** One page of the fleet in id order, with its daily series; null past the end. */
  async readPage(afterId: string | null, batchSize: number): Promise<FleetPage | null> {
    const now = this.ctx.clock.now();
    const subjects = await subjectsAfter(this.ctx.pool, afterId, batchSize);
    if (subjects.length === 0) return null;
    return { subjects, series: await fleetDailySeries(this.ctx.pool, subjects, HISTORY_DAYS), now };
  }

  /** Fits every cluster of a page; one whose fit throws is logged and left out. */
  fitPage({ subjects, series, now }: FleetPage, stats: ForecastRunStats): CapacityForecastRecord[] {
    const started = performance.now();
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
    stats.phases.fitMs += performance.now() - started;
    return records;
  }

  /** Stores a page's forecasts, then opens or re-arms its notices; returns the forecasts stored. */
  async storePage(
    { subjects, now }: Pick<FleetPage, 'subjects' | 'now'>,
    records: CapacityForecastRecord[],
    stats: ForecastRunStats,
  ): Promise<CapacityForecastRecord[]> {
    let mark = performance.now();
    const lap = (phase: keyof ForecastPhases) => {
      const t = performance.now();
      stats.phases[phase] += t - mark;
      mark = t;
    };
    const stored = await storeForecasts(this.forecasts, records, this.ctx.logger);
    lap('writeMs');
    const notices = await this.notices.process(subjects, stored, now);
    lap('noticeMs');
    stats.clusters += subjects.length;
    stats.forecast += stored.length;
    stats.atRisk += stored.filter((r) => r.daysLeft !== null && r.daysLeft <= this.ctx.config.capacityWarningDays).length;
    stats.noticesOpened += notices.opened;
    stats.noticesCleared += notices.cleared;
    return stored;
  }
}
