import type { Clock } from '../core/clock';
import type { EngineRegistry } from '../engines/registry';
import type { Pool } from '../infra/db/pool';
import type { ProviderRegistry } from '../providers/registry';
import type { AuditRepository } from '../audit/audit-repository';
import type { DatabaseUserRepository } from './sql/database-users';
import type { ClustersPort } from '../fleet/ports';
import type { OperationsPort } from '../operations/ports';

/**
 * What the database-users feature uses of the shared resources; the composition root hands it over.
 * Named here so the feature states its needs and never reaches into services/app/.
 */
export interface DatabaseUsersDeps {
  clock: Clock;
  engines: EngineRegistry;
  pool: Pool;
  providers: ProviderRegistry;
  repos: {
    audit: AuditRepository;
    databaseUsers: DatabaseUserRepository;
    clusters: ClustersPort;
    operations: OperationsPort;
  };
}
