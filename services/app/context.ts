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
 * The one resources object every subsystem receives (api routes, domain services, workflows).
 * Built once by services/app.ts; nothing is a module-level singleton.
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
