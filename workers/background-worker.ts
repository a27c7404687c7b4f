import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { CoreContext } from '../services/app/context';
import type { Services } from '../services/app/services';
import { BACKGROUND_QUEUE, type BackgroundJob, type BackgroundJobName } from '../services/infra/queues/background-queue';
import { runMetricsRollup } from '../services/capacity/metrics/rollup-job';
import { runForecast } from '../services/capacity/forecast-job';
import { runMaintenanceScan } from '../services/maintenance/scan-job';
import { runBackupScan } from '../services/backups/backup-scan';
import { runRestoreDrillScan } from '../services/restore-drills/drill-scan';
import { runStorageScan } from '../services/storage/storage-scan';
import { repeatedErrorLog } from '../services/core/repeated-error-log';

export type BackgroundHandler = (job: BackgroundJob) => Promise<unknown>;

/** Runs the scheduled fleet-wide jobs one at a time per worker; each job name has its handler. */
export function startBackgroundWorker(
  ctx: CoreContext,
  services: Pick<Services, 'capacity' | 'replacements' | 'backups' | 'restoreDrills' | 'growStorage' | 'storagePolicyRepository'>,
  connection: ConnectionOptions,
): Worker<BackgroundJob> {
  const handlers: Record<BackgroundJobName, BackgroundHandler> = {
    'metrics-rollup': (job) => runMetricsRollup(ctx, job),
    forecast: (job) => runForecast(services.capacity, ctx.logger, job),
    'maintenance-scan': (job) => runMaintenanceScan(ctx, services.replacements, job),
    'backup-scan': (job) => runBackupScan(ctx, services.backups, job),
    'restore-drill-scan': (job) => runRestoreDrillScan(ctx, services.restoreDrills, job),
    'storage-scan': (job) => runStorageScan(ctx, { grow: services.growStorage, policies: services.storagePolicyRepository }, job),
  };
  const worker = new Worker<BackgroundJob>(
    BACKGROUND_QUEUE,
    async (job: Job<BackgroundJob>) => {
      const handler = handlers[job.name as BackgroundJobName];
      if (!handler) throw new Error(`unknown background job ${job.name}`);
      return handler(job.data);
    },
    { connection, prefix: ctx.config.queuePrefix, concurrency: 1, lockDuration: Math.max(ctx.config.jobLockMs, 60_000) },
  );
  worker.on('error', repeatedErrorLog(ctx.logger, 'background worker error'));
  return worker;
}
