import { describe, expect, it } from 'vitest';
import { estimateEnd, progressOf } from '../../services/campaigns/view';
import { budgetOutcome, outcomeOf } from '../../services/campaigns/outcome';
import type { Campaign, CampaignClusterRow } from '../../services/campaigns/types';
import type { OperationStatus } from '../../services/core/types';

const now = new Date('2026-03-02T10:00:00Z');
const row = (over: Partial<CampaignClusterRow>): CampaignClusterRow => ({
  campaignId: 'c',
  clusterId: Math.random().toString(36),
  clusterName: 'x',
  environment: 'prod',
  ownerTeamId: 't',
  ownerTeamName: 'team',
  wave: 0,
  position: 0,
  plannedStart: now,
  status: 'pending',
  operationId: null,
  fromVersion: '4.1.6',
  startedAt: null,
  finishedAt: null,
  comparison: null,
  reason: null,
  ...over,
});
const campaign = (over: Partial<Campaign> = {}): Campaign => ({
  id: 'c',
  name: 'c',
  engine: 'cassandra',
  fromVersion: null,
  toVersion: '5.0.2',
  toInstanceType: null,
  selector: {},
  waves: { testFirst: true, prodWaveSize: 2 },
  inFlight: 2,
  soakMinutes: 10,
  failureBudget: 0,
  upgradeMinutes: 30,
  benchmarkSeconds: null,
  status: 'running',
  plan: { waves: [], estimatedEnd: now.toISOString(), skipped: [] },
  currentWave: 0,
  soakUntil: null,
  createdBy: 'p',
  createdAt: now,
  updatedAt: now,
  finishedAt: null,
  haltedReason: null,
  ...over,
});
const upgrade = (status: OperationStatus, error: string | null = null, compare: Record<string, unknown> | null = null) => ({
  clusterId: 'k',
  clusterName: 'k',
  operationId: 'o',
  status,
  error,
  compare,
});

describe('campaign progress and ETA', () => {
  it('counts passed clusters, and clusters found already on the target, as upgraded, per environment', () => {
    const rows = [
      row({ environment: 'test', status: 'passed' }),
      row({ environment: 'test', status: 'rolled_back' }),
      row({ status: 'passed' }),
      row({ status: 'skipped', reason: 'already on 5.0.2' }),
      row({ status: 'skipped', reason: 'campaign halted' }),
      row({ status: 'pending' }),
    ];
    expect(progressOf(rows, 'test')).toEqual({ total: 2, upgraded: 1, percent: 50 });
    expect(progressOf(rows, 'prod')).toEqual({ total: 4, upgraded: 2, percent: 50 });
  });

  it('estimates remaining waves in batches of in-flight at the observed upgrade time, plus the soak between waves', () => {
    const took = (minutes: number) => ({
      startedAt: new Date(now.getTime() - minutes * 60_000),
      finishedAt: now,
      status: 'passed' as const,
    });
    const rows = [row({ wave: 0, ...took(20) }), row({ wave: 0, ...took(20) }), row({ wave: 1 }), row({ wave: 1 }), row({ wave: 1 })];
    // wave 1: 3 clusters, 2 at once → 2 batches × 20 min; the soak after wave 0 comes first.
    expect(estimateEnd(campaign(), rows, now)).toBe(new Date(now.getTime() + (10 + 40) * 60_000).toISOString());
    expect(estimateEnd(campaign({ status: 'paused' }), rows, now)).toBeNull();
  });

  it('waits for a cluster whose maintenance window opens later', () => {
    const later = new Date(now.getTime() + 5 * 3_600_000);
    const eta = estimateEnd(campaign(), [row({ status: 'scheduled', plannedStart: later })], now);
    expect(eta).toBe(new Date(later.getTime() + 30 * 60_000).toISOString());
  });
});

describe('upgrade outcomes as the campaign records them', () => {
  it('tells a gate roll-back from another failure, and keeps the comparison', () => {
    const compare = { verdict: 'regression', comparisons: [] };
    expect(outcomeOf(upgrade('rolled_back', 'regression: read-heavy-80-20: p99 +80%', compare))).toMatchObject({
      status: 'rolled_back',
      reason: 'regression: read-heavy-80-20: p99 +80%',
      comparison: compare,
    });
    // The gate said no but putting the nodes back failed: that is a failure, not a designed rollback.
    expect(outcomeOf(upgrade('failed', 'step rollback failed after 5 attempts: node-2 did not serve again', compare))).toMatchObject({
      status: 'failed',
      comparison: compare,
    });
    expect(outcomeOf(upgrade('failed', 'step preflight failed: cluster is unhealthy'))?.status).toBe('failed');
    expect(outcomeOf(upgrade('succeeded', null, { verdict: 'pass' }))?.status).toBe('passed');
    expect(outcomeOf(upgrade('cancelled'))?.status).toBe('cancelled');
    expect(outcomeOf(upgrade('running'))).toBeNull();
  });

  it('maps statuses onto the failure budget: rolled back and failed count, the rest do not', () => {
    expect(
      ['passed', 'scheduled', 'rolled_back', 'failed', 'skipped'].map((s) => budgetOutcome(s as CampaignClusterRow['status'])),
    ).toEqual(['succeeded', 'pending', 'rolled_back', 'failed', 'skipped']);
  });
});
