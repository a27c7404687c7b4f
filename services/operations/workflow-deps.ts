import type { Logger } from 'pino';
import type { Config } from '../core/config';
import type { RegionsConfig } from '../core/regions';
import type { Clock } from '../core/clock';
import type { Pool } from '../infra/db/pool';
import type { OperationQueue } from '../infra/queues/operation-queue';
import type { LiveEvents } from '../infra/queues/live-events';
import type { EngineRegistry } from '../engines/registry';
import type { ProviderRegistry } from '../providers/registry';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort, CredentialRotationPort, NodesPort, TeamsPort } from '../fleet/ports';
import type { HealthPort } from '../health/ports';
import type { RemediationsPort } from '../alerts/ports';
import type { BenchmarkRunsPort } from '../workload/ports';
import type { BackupsPort } from '../backups/ports';
import type { OperationRepository } from './sql/operations';
import type { Pager } from '../alerts/pager';
import type { ConditionCheck } from '../alerts/evidence/condition-check';
import type { DatabaseUsersPort } from '../database-users/ports';
import type { RestoreDrillSteps } from '../restore-drills/ports';
import type { FailoverEventsPort } from '../failover/ports';

/** What the operation service, the runner and the reconciler use; the composition root hands it over. */
export interface OperationsDeps {
  config: Config;
  pool: Pool;
  providers: ProviderRegistry;
  queue: OperationQueue;
  events: LiveEvents;
  clock: Clock;
  logger: Logger;
  repos: {
    audit: AuditRepository;
    clusters: ClustersPort;
    operations: OperationRepository;
  };
}

/** The services of other features a workflow calls, built once by the composition root. */
export interface WorkflowCollaborators {
  /** A new simulated cluster's first forecast. */
  capacity: { forecastCluster(clusterId: string): Promise<unknown> };
  /** Pages a person when a remediation failed. */
  pager: Pager;
  /** What a restore drill does to other clusters: its scratch cluster's restore, check and removal. */
  drills: RestoreDrillSteps;
  /** Whether an alert holds now, by the platform's own evidence: a remediation asks again before it acts. */
  conditions: Pick<ConditionCheck, 'check'>;
}

/** What every workflow step and hook receives as `ctx`: the runner's resources plus what steps act on. */
export interface WorkflowDeps extends OperationsDeps, WorkflowCollaborators {
  regions: RegionsConfig;
  engines: EngineRegistry;
  providers: ProviderRegistry;
  repos: OperationsDeps['repos'] & {
    nodes: NodesPort;
    teams: TeamsPort;
    health: HealthPort;
    remediations: RemediationsPort;
    benchmarkRuns: BenchmarkRunsPort;
    databaseUsers: DatabaseUsersPort;
    clusterSecrets: CredentialRotationPort;
    backups: BackupsPort;
    failovers: FailoverEventsPort;
  };
}
