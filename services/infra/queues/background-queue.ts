import { Queue, type ConnectionOptions } from 'bullmq';
import type { Config } from '../../core/config';
import { Priorities } from './priorities';

export const BACKGROUND_QUEUE = 'background';

/** The fleet-wide jobs that run on a schedule, each also runnable on demand. */
export const BackgroundJobs = [
  'metrics-rollup',
  'forecast',
  'maintenance-scan',
  'backup-scan',
  'restore-drill-scan',
  'storage-scan',
] as const;
export type BackgroundJobName = (typeof BackgroundJobs)[number];

/** Empty: a pass over the whole fleet. With a cluster id: that cluster only (an on-demand request). */
export interface BackgroundJob {
  clusterId?: string;
}

const everyOf = (config: Config): Record<BackgroundJobName, number> => ({
  'metrics-rollup': config.metricsRollupEveryMs,
  forecast: config.forecastEveryMs,
  'maintenance-scan': config.maintenanceScanEveryMs,
  'backup-scan': config.backupScanEveryMs,
  'restore-drill-scan': config.restoreDrillScanEveryMs,
  'storage-scan': config.storageScanEveryMs,
});

/**
 * The producer side of the background queue: metric rollups, capacity forecasts and maintenance
 * scans. They run after remediations, upgrades and provisioning that are waiting.
 */
export class BackgroundQueue {
  readonly queue: Queue<BackgroundJob>;

  constructor(connection: ConnectionOptions, prefix: string) {
    this.queue = new Queue<BackgroundJob>(BACKGROUND_QUEUE, { connection, prefix });
    // Failures reach the caller of each command; the event would only be noise.
    this.queue.on('error', () => undefined);
  }

  /**
   * Idempotent: every worker calls it at start; BullMQ keeps one scheduler per job name. A period
   * of 0 removes that job's scheduler (one a previous configuration left in Redis too).
   */
  async schedule(config: Config): Promise<void> {
    for (const [name, every] of Object.entries(everyOf(config))) {
      if (every === 0) {
        await this.queue.removeJobScheduler(name);
        continue;
      }
      await this.queue.upsertJobScheduler(
        name,
        { every },
        {
          name,
          data: {},
          opts: { priority: Priorities.background, removeOnComplete: true, removeOnFail: 100 },
        },
      );
    }
  }

  /** Puts back the schedulers Redis lost (a flush, a failover without persistence); cheap when they are there. */
  async ensureScheduled(config: Config): Promise<void> {
    for (const [name, every] of Object.entries(everyOf(config))) {
      if (every > 0 && !(await this.queue.getJobScheduler(name))) {
        await this.schedule(config);
        return;
      }
    }
  }

  /** Runs a job now, outside its schedule; two requests close together for the same target are one job. */
  async runNow(name: BackgroundJobName, data: BackgroundJob = {}): Promise<void> {
    const target = data.clusterId ?? 'fleet';
    await this.queue.add(name, data, {
      jobId: `${name}-${target}-${Math.floor(Date.now() / 250)}`,
      priority: Priorities.background,
      removeOnComplete: true,
      removeOnFail: 100,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
