import type { Logger } from 'pino';
import type { BackgroundJob } from '../infra/queues/background-queue';
import type { CapacityService, ForecastRunStats } from './capacity-service';

/**
 * The daily capacity forecast (and its on-demand runs): the whole fleet in batches, or one cluster
 * when the job names it. Returns what it did, which BullMQ keeps as the job's result.
 */
export async function runForecast(
  capacity: CapacityService,
  logger: Logger,
  job: BackgroundJob,
): Promise<ForecastRunStats | { cluster: string; forecast: boolean }> {
  if (job.clusterId) {
    const record = await capacity.forecastCluster(job.clusterId);
    return { cluster: job.clusterId, forecast: record !== null };
  }
  const started = performance.now();
  const stats = await capacity.forecastFleet();
  logger.info({ ...stats, ms: Math.round(performance.now() - started) }, 'capacity forecast pass');
  return stats;
}
