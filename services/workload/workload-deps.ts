import type { LiveEvents } from '../infra/queues/live-events';
import type { Pool } from '../infra/db/pool';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort } from '../fleet/ports';

/**
 * What the workload feature's services and jobs use of the shared resources (benchmark requests); the composition
 * root hands it over. Named here so the feature states its needs and never reaches into services/app/.
 */
export interface WorkloadDeps {
  events: LiveEvents;
  pool: Pool;
  repos: {
    audit: AuditRepository;
    clusters: ClustersPort;
  };
}
