import type { Clock } from '../core/clock';
import type { LiveEvents } from '../infra/queues/live-events';
import type { Pool } from '../infra/db/pool';
import type { EngineRegistry } from '../engines/registry';
import type { ProviderRegistry } from '../providers/registry';
import type { RegionsConfig } from '../core/regions';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClusterRepository } from './sql/clusters';
import type { IdempotencyRepository } from './sql/idempotency';
import type { OperationsPort } from '../operations/ports';
import type { TeamRepository } from './sql/teams';
import type { TokenRepository } from './sql/tokens';

/**
 * What the fleet feature's services and jobs use of the shared resources (clusters, teams, tokens and transfers); the composition
 * root hands it over. Named here so the feature states its needs and never reaches into services/app/.
 */
export interface FleetDeps {
  clock: Clock;
  events: LiveEvents;
  pool: Pool;
  engines: EngineRegistry;
  providers: ProviderRegistry;
  regions: RegionsConfig;
  repos: {
    audit: AuditRepository;
    clusters: ClusterRepository;
    idempotency: IdempotencyRepository;
    operations: OperationsPort;
    teams: TeamRepository;
    tokens: TokenRepository;
  };
}
