import type { Campaign, CampaignClusterRow, CampaignClusterStatus } from './types';
import { FinishedClusterStatuses } from './types';
import type { Environment } from '../core/types';

const MINUTE = 60_000;
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const isFinished = (s: CampaignClusterStatus) => FinishedClusterStatuses.includes(s);

export interface Progress {
  total: number;
  upgraded: number;
  percent: number;
}

/** Share of a campaign's test and prod clusters on the target: passed the gate, or found already there when their turn came. */
export function progressOf(rows: readonly CampaignClusterRow[], environment: Environment): Progress {
  const mine = rows.filter((r) => r.environment === environment);
  const upgraded = mine.filter((r) => r.status === 'passed' || (r.status === 'skipped' && r.reason?.startsWith('already on'))).length;
  // Nothing of an environment to upgrade is all of it done.
  return { total: mine.length, upgraded, percent: mine.length ? Math.round((upgraded / mine.length) * 1000) / 10 : 100 };
}

export function countsOf(rows: readonly CampaignClusterRow[]): Record<CampaignClusterStatus, number> {
  const counts: Record<CampaignClusterStatus, number> = {
    pending: 0,
    scheduled: 0,
    running: 0,
    passed: 0,
    rolled_back: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  };
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

/**
 * When the campaign should end, from what is left: each remaining wave takes its clusters in
 * batches of in-flight at the observed mean upgrade time (the plan's estimate until one finishes),
 * no earlier than its last waiting cluster's window, then the soak. Null while paused or stopped.
 */
export function estimateEnd(campaign: Campaign, rows: readonly CampaignClusterRow[], now: Date): string | null {
  if (campaign.status === 'completed' || campaign.status === 'halted' || campaign.status === 'cancelled') return iso(campaign.finishedAt);
  if (campaign.status !== 'running') return null;
  const took = rows
    .filter((r) => r.startedAt && r.finishedAt && r.status !== 'skipped')
    .map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime());
  const perCluster = took.length ? took.reduce((a, b) => a + b, 0) / took.length : campaign.upgradeMinutes * MINUTE;
  const waves = [...new Set(rows.map((r) => r.wave))].filter((w) => w >= campaign.currentWave).sort((a, b) => a - b);
  let cursor = Math.max(now.getTime(), campaign.soakUntil?.getTime() ?? 0);
  for (const [i, wave] of waves.entries()) {
    const open = rows.filter((r) => r.wave === wave && !isFinished(r.status));
    if (i > 0) cursor += campaign.soakMinutes * MINUTE;
    if (!open.length) continue;
    const lastWindow = Math.max(...open.map((r) => (r.status === 'running' ? 0 : r.plannedStart.getTime())));
    cursor = Math.max(cursor + Math.ceil(open.length / campaign.inFlight) * perCluster, lastWindow + perCluster);
  }
  return new Date(cursor).toISOString();
}

export function clusterJson(r: CampaignClusterRow) {
  return {
    clusterId: r.clusterId,
    name: r.clusterName,
    environment: r.environment,
    owner: r.ownerTeamName,
    wave: r.wave,
    status: r.status,
    plannedStart: r.plannedStart.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    operationId: r.operationId,
    fromVersion: r.fromVersion,
    reason: r.reason,
  };
}

export function campaignJson(c: Campaign) {
  return {
    id: c.id,
    name: c.name,
    engine: c.engine,
    fromVersion: c.fromVersion,
    toVersion: c.toVersion,
    toInstanceType: c.toInstanceType,
    selector: c.selector,
    prodWaveSize: c.waves.prodWaveSize,
    inFlight: c.inFlight,
    soakMinutes: c.soakMinutes,
    failureBudget: c.failureBudget,
    upgradeMinutes: c.upgradeMinutes,
    benchmarkSeconds: c.benchmarkSeconds,
    status: c.status,
    currentWave: c.currentWave,
    soakUntil: iso(c.soakUntil),
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    finishedAt: iso(c.finishedAt),
    haltedReason: c.haltedReason,
  };
}

/** The SRE view of one campaign: progress, the wave × cluster matrix, failures with their evidence, ETA. */
export function campaignView(c: Campaign, rows: readonly CampaignClusterRow[], now: Date) {
  const waveIndexes = [...new Set(rows.map((r) => r.wave))].sort((a, b) => a - b);
  return {
    campaign: campaignJson(c),
    progress: { test: progressOf(rows, 'test'), prod: progressOf(rows, 'prod') },
    counts: countsOf(rows),
    eta: estimateEnd(c, rows, now),
    waves: waveIndexes.map((index) => {
      const planned = c.plan.waves.find((w) => w.index === index);
      const mine = rows.filter((r) => r.wave === index);
      return {
        index,
        environment: mine[0]?.environment ?? planned?.environment ?? 'prod',
        plannedStart: planned?.start ?? null,
        plannedEnd: planned?.end ?? null,
        counts: countsOf(mine),
        clusters: mine.map(clusterJson),
      };
    }),
    failures: rows
      .filter((r) => r.status === 'failed' || r.status === 'rolled_back')
      .map((r) => ({ ...clusterJson(r), comparison: r.comparison ?? null })),
    skipped: c.plan.skipped,
  };
}

export type CampaignView = ReturnType<typeof campaignView>;
