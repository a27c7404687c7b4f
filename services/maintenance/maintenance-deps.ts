import type { Clock } from '../core/clock';
import type { Config } from '../core/config';
import type { Logger } from 'pino';
import type { Pool } from '../infra/db/pool';
import type { ProviderRegistry } from '../providers/registry';
import type { OperationQueue } from '../infra/queues/operation-queue';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort, TeamsPort } from '../fleet/ports';

/**
 * What the maintenance feature's services and jobs use of the shared resources (retirement and old-node scans, replacement scheduling and notices); the composition
 * root hands it over. Named here so the feature states its needs and never reaches into services/app/.
 */
export interface MaintenanceDeps {
  clock: Clock;
  config: Config;
  logger: Logger;
  pool: Pool;
  providers: ProviderRegistry;
  queue: OperationQueue;
  repos: {
    audit: AuditRepository;
    clusters: ClustersPort;
    teams: TeamsPort;
  };
}
