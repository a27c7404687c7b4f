import type { Redis } from 'ioredis';
import type { CoreContext } from './context';
import { buildServices, type Services } from './services';
import { loadPlaybooks } from '../alerts/playbooks';
import { HealthAggregator } from '../health/aggregator';
import { RawPointRecorder } from '../capacity/metrics/raw-point-recorder';

/**
 * A health aggregator on its own connection (it blocks on the stream), raising alerts through the
 * process's one alert service and feeding the metrics history. Tests and benchmarks that need a
 * second consumer build one here too, so it is wired as the worker's is.
 */
export function startHealthAggregator(
  ctx: CoreContext,
  services: Pick<Services, 'healthAlerts'>,
  redis: Redis,
  consumer?: string,
): HealthAggregator {
  return new HealthAggregator(ctx, redis, { alerts: services.healthAlerts, points: new RawPointRecorder(ctx) }, consumer);
}

/**
 * An aggregator over resources of its own (another key prefix, other limits), with the services
 * built over those same resources, for tests and benchmarks that run one beside the app's.
 */
export function standaloneHealthAggregator(ctx: CoreContext, redis: Redis, consumer?: string): HealthAggregator {
  const services = buildServices(ctx, { redis, playbooks: loadPlaybooks(), kickCampaign: async () => undefined });
  return startHealthAggregator(ctx, services, redis, consumer);
}
