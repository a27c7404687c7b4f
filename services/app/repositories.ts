import type { Pool } from '../infra/db/pool';
import { AlertRepository } from '../alerts/sql/alerts';
import { AlertSourceRepository } from '../alerts/sql/alert-sources';
import { AuditRepository } from '../audit/audit-repository';
import { BenchmarkRunRepository } from '../workload/sql/benchmark-runs';
import { CampaignRepository } from '../campaigns/sql/campaigns';
import { RemediationRepository } from '../alerts/sql/remediations';
import { HealthRepository } from '../health/sql/health';
import { ClusterRepository } from '../fleet/sql/clusters';
import { ClusterSecretRepository } from '../fleet/sql/cluster-secrets';
import type { SecretBox } from '../core/secrets/secret-box';
import { IdempotencyRepository } from '../fleet/sql/idempotency';
import { NodeRepository } from '../fleet/sql/nodes';
import { OperationRepository } from '../operations/sql/operations';
import { TeamRepository } from '../fleet/sql/teams';
import { TokenRepository } from '../fleet/sql/tokens';
import { DatabaseUserRepository } from '../database-users/sql/database-users';
import { BackupRepository } from '../backups/sql/backups';
import { BackupPolicyRepository } from '../backups/sql/backup-policies';
import { BackupScheduleRepository } from '../backups/sql/backup-schedule';
import { RestoreDrillRepository } from '../restore-drills/sql/restore-drills';
import { DrillFleetRepository } from '../restore-drills/sql/drill-fleet';
import { FailoverEventRepository } from '../failover/sql/failover-events';

export interface Repositories {
  teams: TeamRepository;
  tokens: TokenRepository;
  clusters: ClusterRepository;
  clusterSecrets: ClusterSecretRepository;
  nodes: NodeRepository;
  operations: OperationRepository;
  audit: AuditRepository;
  idempotency: IdempotencyRepository;
  health: HealthRepository;
  alerts: AlertRepository;
  alertSources: AlertSourceRepository;
  remediations: RemediationRepository;
  benchmarkRuns: BenchmarkRunRepository;
  campaigns: CampaignRepository;
  databaseUsers: DatabaseUserRepository;
  backups: BackupRepository;
  backupPolicies: BackupPolicyRepository;
  backupSchedule: BackupScheduleRepository;
  restoreDrills: RestoreDrillRepository;
  drillFleet: DrillFleetRepository;
  failovers: FailoverEventRepository;
}

export function createRepositories(pool: Pool, secretBox: SecretBox): Repositories {
  const clusterSecrets = new ClusterSecretRepository(pool, secretBox);
  return {
    teams: new TeamRepository(pool),
    tokens: new TokenRepository(pool),
    clusters: new ClusterRepository(pool, clusterSecrets),
    clusterSecrets,
    nodes: new NodeRepository(pool),
    operations: new OperationRepository(pool),
    audit: new AuditRepository(pool),
    idempotency: new IdempotencyRepository(pool),
    health: new HealthRepository(pool),
    alerts: new AlertRepository(pool),
    alertSources: new AlertSourceRepository(pool),
    remediations: new RemediationRepository(pool),
    benchmarkRuns: new BenchmarkRunRepository(pool),
    campaigns: new CampaignRepository(pool),
    databaseUsers: new DatabaseUserRepository(pool, secretBox),
    backups: new BackupRepository(pool, secretBox),
    backupPolicies: new BackupPolicyRepository(pool),
    backupSchedule: new BackupScheduleRepository(pool),
    restoreDrills: new RestoreDrillRepository(pool),
    drillFleet: new DrillFleetRepository(pool),
    failovers: new FailoverEventRepository(pool),
  };
}
