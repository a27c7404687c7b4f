import type { Pool } from '../infra/db/pool';
import type { Clock } from '../core/clock';
import type { Logger } from 'pino';
import type { EngineRegistry } from '../engines/registry';
import type { RegionsConfig } from '../core/regions';
import type { ProviderRegistry } from '../providers/registry';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort, NodesPort } from '../fleet/ports';

/** What the storage feature uses of the shared resources; the composition root hands it over. */
export interface StorageDeps {
  pool: Pool;
  clock: Clock;
  logger: Logger;
  engines: EngineRegistry;
  regions: RegionsConfig;
  providers: ProviderRegistry;
  repos: {
    audit: AuditRepository;
    clusters: ClustersPort;
    nodes: NodesPort;
  };
}
