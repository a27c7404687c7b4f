import type { Redis } from 'ioredis';
import type { CoreContext } from './context';
import type { Playbook } from '../alerts/playbooks';
import { OperationService } from '../operations/operation-service';
import { ClusterService } from '../fleet/cluster-service';
import { TransferService } from '../fleet/transfer-service';
import { ConnectionService } from '../fleet/connection-service';
import { ClusterAdoption } from '../fleet/cluster-adoption';
import { TeamService } from '../fleet/team-service';
import { TokenService } from '../fleet/token-service';
import { AlertSourceService } from '../alerts/alert-source-service';
import { Pager } from '../alerts/pager';
import { RemediationStarter } from '../alerts/remediation-starter';
import { ConditionCheck } from '../alerts/evidence/condition-check';
import { AlertService } from '../alerts/alert-service';
import { AlertIntake } from '../alerts/alert-intake';
import { HealthAlerts } from '../health/health-alerts';
import { CampaignService, type CampaignKick } from '../campaigns/campaign-service';
import { CampaignDriver } from '../campaigns/driver';
import { UpgradeService } from '../upgrades/upgrade-service';
import { BenchmarkService } from '../workload/benchmark-service';
import { CapacityService } from '../capacity/capacity-service';
import { MetricsService } from '../capacity/metrics/metrics-service';
import { ReplacementScheduler } from '../maintenance/replacement-scheduler';
import { MaintenanceService } from '../maintenance/maintenance-service';
import type { WorkflowDeps } from '../operations/workflow-deps';
import { DatabaseUserService } from '../database-users/database-user-service';
import { CredentialRotationService } from '../database-users/credential-rotation-service';
import { BackupService } from '../backups/backup-service';
import { RestoreService } from '../backups/restore-service';

/** Every domain service, built once; the API, the workers and the workflows share these instances. */
export interface Services {
  operations: OperationService;
  clusters: ClusterService;
  transfers: TransferService;
  connections: ConnectionService;
  adoption: ClusterAdoption;
  teams: TeamService;
  tokens: TokenService;
  alertSources: AlertSourceService;
  pager: Pager;
  alerts: AlertService;
  alertIntake: AlertIntake;
  healthAlerts: HealthAlerts;
  campaigns: CampaignService;
  campaignDriver: CampaignDriver;
  upgrades: UpgradeService;
  benchmarks: BenchmarkService;
  capacity: CapacityService;
  metrics: MetricsService;
  replacements: ReplacementScheduler;
  maintenance: MaintenanceService;
  databaseUsers: DatabaseUserService;
  credentialRotation: CredentialRotationService;
  backups: BackupService;
  restores: RestoreService;
  /** What workflow steps receive: the resources plus the services they call. */
  workflowDeps: WorkflowDeps;
}

export interface ServiceInputs {
  /** The fast-failing command connection (the alert evidence reads health snapshots with it). */
  redis: Redis;
  /** Loaded once at startup; a bad file stops the process before anything runs. */
  playbooks: Playbook[];
  /** Queues a campaign pass at once (the campaign queue's kick). */
  kickCampaign: CampaignKick;
  /** Tells the API's token cache that a token was revoked. */
  onTokenRevoked?: (tokenId: string) => void;
}

/** Builds every service in dependency order, each handed what it uses and nothing else constructs one. */
export function buildServices(ctx: CoreContext, inputs: ServiceInputs): Services {
  const operations = new OperationService(ctx);
  const pager = new Pager(ctx);
  const alerts = new AlertService(ctx, {
    playbooks: inputs.playbooks,
    pager,
    starter: new RemediationStarter(ctx, operations),
    evidence: new ConditionCheck(ctx, inputs.redis),
  });
  const capacity = new CapacityService(ctx);
  const replacements = new ReplacementScheduler(ctx, operations);
  const clusters = new ClusterService(ctx, operations);
  return {
    operations,
    clusters,
    transfers: new TransferService(ctx),
    connections: new ConnectionService(ctx),
    adoption: new ClusterAdoption(ctx),
    teams: new TeamService(ctx),
    tokens: new TokenService(ctx, (tokenId) => inputs.onTokenRevoked?.(tokenId)),
    alertSources: new AlertSourceService(ctx),
    pager,
    alerts,
    alertIntake: new AlertIntake(ctx, alerts),
    healthAlerts: new HealthAlerts(ctx, alerts),
    campaigns: new CampaignService(ctx, inputs.kickCampaign),
    campaignDriver: new CampaignDriver(ctx, operations),
    upgrades: new UpgradeService(ctx, operations),
    benchmarks: new BenchmarkService(ctx, operations),
    capacity,
    metrics: new MetricsService(ctx),
    replacements,
    maintenance: new MaintenanceService(ctx, replacements),
    databaseUsers: new DatabaseUserService(ctx, operations),
    credentialRotation: new CredentialRotationService(ctx, operations),
    backups: new BackupService(ctx, operations),
    restores: new RestoreService(ctx, clusters),
    workflowDeps: { ...ctx, capacity, pager },
  };
}
