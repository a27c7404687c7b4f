import type { Config } from '../core/config';
import type { EngineRegistry } from '../engines/registry';
import type { LiveEvents } from '../infra/queues/live-events';
import type { Logger } from 'pino';
import type { Pool } from '../infra/db/pool';
import type { ProviderRegistry } from '../providers/registry';
import type { ClusterSecretsPort, NodesPort } from '../fleet/ports';
import type { HealthRepository } from './sql/health';

/**
 * What the health feature's services and jobs use of the shared resources (the health collector, aggregator and its alerts); the composition
 * root hands it over. Named here so the feature states its needs and never reaches into services/app/.
 */
export interface HealthDeps {
  config: Config;
  engines: EngineRegistry;
  events: LiveEvents;
  logger: Logger;
  pool: Pool;
  providers: ProviderRegistry;
  repos: {
    clusterSecrets: ClusterSecretsPort;
    nodes: NodesPort;
    health: HealthRepository;
  };
}
