import type { Clock } from '../core/clock';
import type { EngineRegistry } from '../engines/registry';
import type { Pool } from '../infra/db/pool';
import type { ProviderRegistry } from '../providers/registry';
import type { RegionsConfig } from '../core/regions';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort, NodesPort } from '../fleet/ports';
import type { OperationsPort } from '../operations/ports';

/**
 * What the upgrades feature's services and jobs use of the shared resources (upgrade requests); the composition
 * root hands it over. Named here so the feature states its needs and never reaches into services/app/.
 */
export interface UpgradesDeps {
  clock: Clock;
  engines: EngineRegistry;
  pool: Pool;
  providers: ProviderRegistry;
  regions: RegionsConfig;
  repos: {
    audit: AuditRepository;
    clusters: ClustersPort;
    nodes: NodesPort;
    operations: OperationsPort;
  };
}
