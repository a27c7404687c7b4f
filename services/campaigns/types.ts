import type { CampaignPlan, CampaignSelector } from './campaign-plan';
import type { EngineName, Environment } from '../core/types';

export const CampaignStatuses = ['draft', 'running', 'paused', 'halted', 'cancelled', 'completed'] as const;
export type CampaignStatus = (typeof CampaignStatuses)[number];

/** Where each cluster of a campaign stands; `rolled_back` is an upgrade the benchmark gate undid. */
export const CampaignClusterStatuses = [
  'pending',
  'scheduled',
  'running',
  'passed',
  'rolled_back',
  'failed',
  'skipped',
  'cancelled',
] as const;
export type CampaignClusterStatus = (typeof CampaignClusterStatuses)[number];

/** Statuses after which the campaign starts nothing new. */
export const FinishedCampaignStatuses: readonly CampaignStatus[] = ['halted', 'cancelled', 'completed'];
export const FinishedClusterStatuses: readonly CampaignClusterStatus[] = ['passed', 'rolled_back', 'failed', 'skipped', 'cancelled'];

export interface CampaignWaves {
  testFirst: true;
  prodWaveSize: number;
}

export interface Campaign {
  id: string;
  name: string;
  engine: EngineName;
  fromVersion: string | null;
  /** What the campaign moves clusters to: a version, an instance type, or both; at least one is set. */
  toVersion: string | null;
  toInstanceType: string | null;
  selector: CampaignSelector;
  waves: CampaignWaves;
  inFlight: number;
  soakMinutes: number;
  failureBudget: number;
  /** The planning estimate of one cluster's upgrade, benchmarks included. */
  upgradeMinutes: number;
  /** How long each upgrade's before and after workloads run; null leaves the upgrade's default. */
  benchmarkSeconds: number | null;
  status: CampaignStatus;
  plan: CampaignPlan;
  currentWave: number;
  soakUntil: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  haltedReason: string | null;
}

export interface CampaignClusterRow {
  campaignId: string;
  clusterId: string;
  clusterName: string;
  environment: Environment;
  ownerTeamId: string;
  ownerTeamName: string;
  wave: number;
  position: number;
  plannedStart: Date;
  status: CampaignClusterStatus;
  operationId: string | null;
  fromVersion: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  comparison: unknown;
  reason: string | null;
}

/** What the user asks for; the same body plans (dry run) and creates. */
export interface CampaignRequest {
  name: string;
  engine: EngineName;
  fromVersion?: string;
  /** At least one of the two; both change version and instance type in the same upgrade. */
  toVersion?: string;
  toInstanceType?: string;
  selector?: CampaignSelector;
  prodWaveSize?: number;
  inFlight?: number;
  soakMinutes?: number;
  failureBudget?: number;
  upgradeMinutes?: number;
  benchmarkSeconds?: number;
}
