import type { Logger } from 'pino';
import type { Config } from '../core/config';
import type { RegionsConfig } from '../core/regions';
import type { Clock } from '../core/clock';
import type { Pool } from '../infra/db/pool';
import type { Repositories } from './repositories';
import type { EngineRegistry } from '../core/engine-port';
import type { ProviderRegistry } from '../providers/registry';
import type { OperationQueue } from '../infra/queues/operation-queue';
import type { LiveEvents } from '../infra/queues/live-events';

/**
 * The shared resources, built once by app.ts; nothing is a module-level singleton. The root hands
 * it to services.ts and the workers; each feature receives it typed by its own narrow deps type
 * (e.g. fleet/fleet-deps.ts), so no feature imports this file.
 */
export interface CoreContext {
  config: Config;
  regions: RegionsConfig;
  pool: Pool;
  repos: Repositories;
  engines: EngineRegistry;
  providers: ProviderRegistry;
  queue: OperationQueue;
  events: LiveEvents;
  clock: Clock;
  logger: Logger;
}
