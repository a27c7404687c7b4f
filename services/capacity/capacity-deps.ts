import type { Clock } from '../core/clock';
import type { Config } from '../core/config';
import type { Logger } from 'pino';
import type { Pool } from '../infra/db/pool';
import type { RegionsConfig } from '../core/regions';
import type { NodesPort } from '../fleet/ports';
import type { EngineRegistry } from '../core/engine-port';

/**
 * What the capacity feature's services and jobs use of the shared resources (metrics history, forecasts, notices and what-ifs); the composition
 * root hands it over. Named here so the feature states its needs and never reaches into services/app/.
 */
export interface CapacityDeps {
  clock: Clock;
  config: Config;
  engines: EngineRegistry;
  logger: Logger;
  pool: Pool;
  regions: RegionsConfig;
  repos: {
    nodes: NodesPort;
  };
}
