import type { Config } from '../core/config';
import type { LiveEvents } from '../infra/queues/live-events';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock';
import type { Pool } from '../infra/db/pool';
import type { EngineRegistry } from '../engines/registry';
import type { ProviderRegistry } from '../providers/registry';
import type { AlertRepository } from './sql/alerts';
import type { AlertSourceRepository } from './sql/alert-sources';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort, NodesPort, TeamsPort } from '../fleet/ports';
import type { HealthPort } from '../health/ports';
import type { RemediationRepository } from './sql/remediations';

/**
 * What the alerts feature's services and jobs use of the shared resources (alerting (intake, evidence, playbooks, paging)); the composition
 * root hands it over. Named here so the feature states its needs and never reaches into services/app/.
 */
export interface AlertsDeps {
  config: Config;
  events: LiveEvents;
  logger: Logger;
  clock: Clock;
  pool: Pool;
  engines: EngineRegistry;
  providers: ProviderRegistry;
  repos: {
    alerts: AlertRepository;
    alertSources: AlertSourceRepository;
    audit: AuditRepository;
    clusters: ClustersPort;
    nodes: NodesPort;
    health: HealthPort;
    remediations: RemediationRepository;
    teams: TeamsPort;
  };
}
