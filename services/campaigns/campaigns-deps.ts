import type { Clock } from '../core/clock';
import type { Pool } from '../infra/db/pool';
import type { EngineRegistry } from '../engines/registry';
import type { LiveEvents } from '../infra/queues/live-events';
import type { RegionsConfig } from '../core/regions';
import type { ProviderRegistry } from '../providers/registry';
import type { AuditRepository } from '../audit/audit-repository';
import type { CampaignRepository } from './sql/campaigns';
import type { ClustersPort, TeamsPort } from '../fleet/ports';

/**
 * What the campaigns feature's services and jobs use of the shared resources (campaign planning and the tick driver); the composition
 * root hands it over. Named here so the feature states its needs and never reaches into services/app/.
 */
export interface CampaignsDeps {
  clock: Clock;
  pool: Pool;
  engines: EngineRegistry;
  events: LiveEvents;
  providers: ProviderRegistry;
  regions: RegionsConfig;
  repos: {
    audit: AuditRepository;
    campaigns: CampaignRepository;
    clusters: ClustersPort;
    teams: TeamsPort;
  };
}
