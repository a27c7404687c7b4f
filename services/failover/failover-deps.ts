import type { Clock } from '../core/clock';
import type { EngineRegistry } from '../engines/registry';
import type { Pool } from '../infra/db/pool';
import type { ProviderRegistry } from '../providers/registry';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort, NodesPort } from '../fleet/ports';
import type { FailoverEventsPort } from './ports';

/** What the failover feature's services use of the shared resources; the composition root hands it over. */
export interface FailoverDeps {
  clock: Clock;
  engines: EngineRegistry;
  pool: Pool;
  providers: ProviderRegistry;
  repos: {
    audit: AuditRepository;
    clusters: ClustersPort;
    nodes: NodesPort;
    failovers: FailoverEventsPort;
  };
}
