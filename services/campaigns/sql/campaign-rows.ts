import type { CampaignPlan, CampaignSelector } from '../campaign-plan';
import type { Campaign, CampaignClusterRow, CampaignClusterStatus, CampaignStatus, CampaignWaves } from '../types';
import type { EngineName, Environment } from '../../core/types';

export interface CampaignDbRow {
  id: string;
  name: string;
  engine: EngineName;
  from_version: string | null;
  to_version: string | null;
  to_instance_type: string | null;
  selector: CampaignSelector;
  waves: CampaignWaves;
  in_flight: number;
  soak_minutes: number;
  failure_budget: number;
  upgrade_minutes: number;
  benchmark_seconds: number | null;
  status: CampaignStatus;
  plan: CampaignPlan;
  current_wave: number;
  soak_until: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  halted_reason: string | null;
}

export interface CampaignClusterDbRow {
  campaign_id: string;
  cluster_id: string;
  cluster_name: string;
  environment: Environment;
  owner_team_id: string;
  owner_team_name: string;
  wave: number;
  position: number;
  planned_start: Date;
  status: CampaignClusterStatus;
  operation_id: string | null;
  from_version: string;
  started_at: Date | null;
  finished_at: Date | null;
  comparison: unknown;
  reason: string | null;
}

export function toCampaign(r: CampaignDbRow): Campaign {
  return {
    id: r.id,
    name: r.name,
    engine: r.engine,
    fromVersion: r.from_version,
    toVersion: r.to_version,
    toInstanceType: r.to_instance_type,
    selector: r.selector,
    waves: r.waves,
    inFlight: r.in_flight,
    soakMinutes: r.soak_minutes,
    failureBudget: r.failure_budget,
    upgradeMinutes: r.upgrade_minutes,
    benchmarkSeconds: r.benchmark_seconds,
    status: r.status,
    plan: r.plan,
    currentWave: r.current_wave,
    soakUntil: r.soak_until,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    haltedReason: r.halted_reason,
  };
}

export function toCampaignCluster(r: CampaignClusterDbRow): CampaignClusterRow {
  return {
    campaignId: r.campaign_id,
    clusterId: r.cluster_id,
    clusterName: r.cluster_name,
    environment: r.environment,
    ownerTeamId: r.owner_team_id,
    ownerTeamName: r.owner_team_name,
    wave: r.wave,
    position: r.position,
    plannedStart: r.planned_start,
    status: r.status,
    operationId: r.operation_id,
    fromVersion: r.from_version,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    comparison: r.comparison,
    reason: r.reason,
  };
}
