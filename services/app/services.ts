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
import { NodeHealthNow } from '../health/node-health-now';
import { CampaignService, type CampaignKick } from '../campaigns/campaign-service';
import { CampaignDriver } from '../campaigns/driver';
import { UpgradeService } from '../upgrades/upgrade-service';
import { SettingsService } from '../upgrades/settings-service';
import { RollingRestartService } from '../upgrades/rolling-restart-service';
import { ScaleService } from '../upgrades/scale-service';
import { ResizeService } from '../upgrades/resize-service';
import { SwitchoverService } from '../failover/switchover-service';
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
import { RestoreDrillService } from '../restore-drills/drill-service';
import { RestoreDrillRunner } from '../restore-drills/drill-runner';
import { InPlaceRestoreService } from '../backups/in-place-restore';
import { GrowStorageService } from '../storage/grow-storage-service';
import { StoragePolicyService } from '../storage/storage-policy-service';
import { StoragePolicyRepository } from '../storage/sql/storage-policies';
import { AdviceApplier } from '../capacity/apply-advice';

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
  /** Each node's health as every view shows it: one score per node. */
  nodeHealth: NodeHealthNow;
  campaigns: CampaignService;
  campaignDriver: CampaignDriver;
  upgrades: UpgradeService;
  settings: SettingsService;
  restarts: RollingRestartService;
  scaling: ScaleService;
  resizes: ResizeService;
  switchovers: SwitchoverService;
  benchmarks: BenchmarkService;
  capacity: CapacityService;
  metrics: MetricsService;
  replacements: ReplacementScheduler;
  maintenance: MaintenanceService;
  databaseUsers: DatabaseUserService;
  credentialRotation: CredentialRotationService;
  backups: BackupService;
  restores: RestoreService;
  restoreDrills: RestoreDrillService;
  inPlaceRestores: InPlaceRestoreService;
  growStorage: GrowStorageService;
  storagePolicies: StoragePolicyService;
  /** The storage scan reads the policies due for a grow from it. */
  storagePolicyRepository: StoragePolicyRepository;
  /** A what-if's advice as the one operation it names. */
  advice: AdviceApplier;
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
  const conditions = new ConditionCheck(ctx, inputs.redis);
  const alerts = new AlertService(ctx, {
    playbooks: inputs.playbooks,
    pager,
    starter: new RemediationStarter(ctx, operations),
    evidence: conditions,
  });
  const capacity = new CapacityService(ctx);
  const replacements = new ReplacementScheduler(ctx, operations);
  const clusters = new ClusterService(ctx, operations);
  const restores = new RestoreService(ctx, clusters);
  const drills = new RestoreDrillRunner(ctx, { clusters, restores, operations, pager });
  const growStorage = new GrowStorageService(ctx, operations);
  const scaling = new ScaleService(ctx, operations);
  const resizes = new ResizeService(ctx, operations);
  const storagePolicyRepository = new StoragePolicyRepository(ctx.pool);
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
    nodeHealth: new NodeHealthNow(inputs.redis, ctx.config.queuePrefix, ctx.repos.health),
    campaigns: new CampaignService(ctx, inputs.kickCampaign),
    campaignDriver: new CampaignDriver(ctx, operations),
    upgrades: new UpgradeService(ctx, operations),
    settings: new SettingsService(ctx, operations),
    restarts: new RollingRestartService(ctx, operations),
    scaling,
    resizes,
    switchovers: new SwitchoverService(ctx, operations),
    benchmarks: new BenchmarkService(ctx, operations),
    capacity,
    metrics: new MetricsService(ctx),
    replacements,
    maintenance: new MaintenanceService(ctx, replacements),
    databaseUsers: new DatabaseUserService(ctx, operations),
    credentialRotation: new CredentialRotationService(ctx, operations),
    backups: new BackupService(ctx, operations),
    restores,
    restoreDrills: new RestoreDrillService(ctx, operations),
    inPlaceRestores: new InPlaceRestoreService(ctx, restores, operations),
    growStorage,
    storagePolicies: new StoragePolicyService(ctx, storagePolicyRepository),
    storagePolicyRepository,
    advice: new AdviceApplier(ctx, { storage: growStorage, scaling, resizes }),
    workflowDeps: { ...ctx, capacity, pager, drills, conditions },
  };
}
