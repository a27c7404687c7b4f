import type { Pool } from '../infra/db/pool';
import type { Clock } from '../core/clock';
import type { LiveEvents } from '../infra/queues/live-events';
import type { EngineRegistry } from '../engines/registry';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort } from '../fleet/ports';
import type { BackupRepository } from './sql/backups';
import type { BackupPolicyRepository } from './sql/backup-policies';
import type { BackupScheduleRepository } from './sql/backup-schedule';
import type { RegionsConfig } from '../core/regions';
import type { ProviderRegistry } from '../providers/registry';
import type { Logger } from 'pino';

/** What the backups feature uses of the shared resources; the composition root hands it over. */
export interface BackupsDeps {
  pool: Pool;
  clock: Clock;
  events: LiveEvents;
  engines: EngineRegistry;
  regions: RegionsConfig;
  providers: ProviderRegistry;
  logger: Logger;
  repos: {
    audit: AuditRepository;
    clusters: ClustersPort;
    backups: BackupRepository;
    backupPolicies: BackupPolicyRepository;
    backupSchedule: BackupScheduleRepository;
  };
}
