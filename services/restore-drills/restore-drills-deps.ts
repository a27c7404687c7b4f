import type { Logger } from 'pino';
import type { Pool } from '../infra/db/pool';
import type { Clock } from '../core/clock';
import type { Config } from '../core/config';
import type { LiveEvents } from '../infra/queues/live-events';
import type { EngineRegistry } from '../engines/registry';
import type { RegionsConfig } from '../core/regions';
import type { ProviderRegistry } from '../providers/registry';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort, NodesPort, TeamsPort } from '../fleet/ports';
import type { OperationsPort } from '../operations/ports';
import type { RestoreDrillRepository } from './sql/restore-drills';
import type { DrillFleetRepository } from './sql/drill-fleet';

/** What the restore-drills feature uses of the shared resources; the composition root hands it over. */
export interface RestoreDrillsDeps {
  pool: Pool;
  clock: Clock;
  config: Pick<Config, 'restoreDrillEveryDays' | 'restoreDrillAtRiskDays'>;
  events: LiveEvents;
  engines: EngineRegistry;
  regions: RegionsConfig;
  providers: ProviderRegistry;
  logger: Logger;
  repos: {
    audit: AuditRepository;
    clusters: ClustersPort;
    nodes: NodesPort;
    teams: TeamsPort;
    operations: OperationsPort;
    restoreDrills: RestoreDrillRepository;
    drillFleet: DrillFleetRepository;
  };
}
