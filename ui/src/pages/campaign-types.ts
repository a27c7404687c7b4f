import type { Static } from '@sinclair/typebox';
import type { CampaignPlanJson } from '../../../services/api/schemas/campaign';
/** Campaigns as GET /api/campaigns and /api/campaigns/:id present them. */
export type ClusterStatus = 'pending' | 'scheduled' | 'running' | 'passed' | 'rolled_back' | 'failed' | 'skipped' | 'cancelled';
export const clusterStatuses: readonly ClusterStatus[] = [
  'pending',
  'scheduled',
  'running',
  'passed',
  'rolled_back',
  'failed',
  'skipped',
  'cancelled',
];

export interface CampaignSummary {
  id: string;
  name: string;
  engine: string;
  fromVersion: string | null;
  toVersion: string | null;
  toInstanceType: string | null;
  status: string;
  inFlight: number;
  soakMinutes: number;
  failureBudget: number;
  prodWaveSize: number;
  currentWave: number;
  soakUntil: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  haltedReason: string | null;
  counts?: Partial<Record<ClusterStatus, number>>;
}

export interface CampaignCluster {
  clusterId: string;
  name: string;
  environment: 'test' | 'prod';
  owner: string;
  wave: number;
  status: ClusterStatus;
  plannedStart: string;
  startedAt: string | null;
  finishedAt: string | null;
  operationId: string | null;
  fromVersion: string;
  reason: string | null;
}

export interface Progress {
  total: number;
  upgraded: number;
  percent: number;
}

/** One workload's before/after, as the upgrade's compare step recorded it. */
export interface WorkloadComparison {
  workload: string;
  before: { p99Ms: number; meanMs: number };
  after: { p99Ms: number; meanMs: number };
  verdict: { verdict: string; reasons: string[] };
}

export interface CampaignView {
  campaign: CampaignSummary;
  progress: { test: Progress; prod: Progress };
  counts: Record<ClusterStatus, number>;
  eta: string | null;
  waves: Array<{
    index: number;
    environment: 'test' | 'prod';
    plannedStart: string | null;
    counts: Record<ClusterStatus, number>;
    clusters: CampaignCluster[];
  }>;
  failures: Array<CampaignCluster & { comparison: { verdict?: string; comparisons?: WorkloadComparison[] } | null }>;
  skipped: Array<{ id: string; name: string; reason: string }>;
}

/** The dry run's answer (POST /api/campaigns/plan), the server's own schema. */
export type CampaignPlan = Static<typeof CampaignPlanJson>;
