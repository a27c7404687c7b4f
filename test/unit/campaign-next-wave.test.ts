import { describe, expect, it } from 'vitest';
import { nextWave } from '../../services/campaigns/next-wave';
import { clusterStart } from '../../services/campaigns/cluster-start';
import type { CampaignClusterStatus } from '../../services/campaigns/types';

const now = new Date('2026-11-18T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const row = (wave: number, status: CampaignClusterStatus, finishedAt: Date | null = null) => ({ wave, status, finishedAt });
const campaign = (over: { currentWave?: number; soakUntil?: Date | null; soakMinutes?: number } = {}) => ({
  currentWave: 0,
  soakUntil: null,
  soakMinutes: 60,
  ...over,
});

describe('the next wave of a campaign', () => {
  it('stays on the current wave while any of its clusters is not finished', () => {
    expect(nextWave(campaign(), [row(0, 'passed', minutesAgo(90)), row(0, 'running'), row(1, 'pending')], now)).toEqual({
      kind: 'stay',
      wave: 0,
    });
  });

  it("starts the soak from the moment the wave's last cluster finished", () => {
    const step = nextWave(campaign(), [row(0, 'passed', minutesAgo(50)), row(0, 'skipped', minutesAgo(10)), row(1, 'pending')], now);
    expect(step).toEqual({ kind: 'soak', until: new Date(minutesAgo(10).getTime() + 60 * 60_000), begins: true });
  });

  it('keeps a recorded soak as it is, and says it is not new', () => {
    const until = new Date(now.getTime() + 5 * 60_000);
    expect(nextWave(campaign({ soakUntil: until }), [row(0, 'passed', minutesAgo(200)), row(1, 'pending')], now)).toEqual({
      kind: 'soak',
      until,
      begins: false,
    });
  });

  it('moves to the next wave that has clusters once the soak is over (waves may be skipped in numbering)', () => {
    const rows = [row(0, 'passed', minutesAgo(90)), row(2, 'pending'), row(3, 'pending')];
    expect(nextWave(campaign(), rows, now)).toEqual({ kind: 'advance', wave: 2 });
    expect(nextWave(campaign({ soakUntil: minutesAgo(1) }), rows, now)).toEqual({ kind: 'advance', wave: 2 });
  });

  it('moves on at once with no soak', () => {
    expect(nextWave(campaign({ soakMinutes: 0 }), [row(0, 'failed', now), row(1, 'pending')], now)).toEqual({ kind: 'advance', wave: 1 });
  });

  it('completes when the last wave is done', () => {
    expect(nextWave(campaign({ currentWave: 1 }), [row(0, 'passed', minutesAgo(300)), row(1, 'rolled_back', minutesAgo(1))], now)).toEqual({
      kind: 'complete',
    });
  });

  it('decides the same from one row per wave and status (the tally a pass reads) as from one row per cluster', () => {
    const clusters = [
      row(0, 'passed', minutesAgo(90)),
      row(0, 'passed', minutesAgo(30)),
      row(0, 'skipped', minutesAgo(70)),
      row(1, 'pending'),
      row(1, 'pending'),
      row(2, 'pending'),
    ];
    const tally = [row(0, 'passed', minutesAgo(30)), row(0, 'skipped', minutesAgo(70)), row(1, 'pending'), row(2, 'pending')];
    for (const state of [campaign(), campaign({ soakMinutes: 10 }), campaign({ soakUntil: minutesAgo(1) }), campaign({ currentWave: 1 })])
      expect(nextWave(state, tally, now)).toEqual(nextWave(state, clusters, now));
    expect(nextWave(campaign(), tally, now)).toEqual({
      kind: 'soak',
      until: new Date(minutesAgo(30).getTime() + 60 * 60_000),
      begins: true,
    });
  });
});

describe('whether a waiting cluster starts', () => {
  const c = { toVersion: '4.1.6', upgradeMinutes: 30 };
  const waiting = { status: 'pending' as const, plannedStart: now };
  const active = { status: 'ACTIVE', spec: { version: '4.1.5', instanceType: 'm5.xlarge' }, maintenanceWindow: null };

  it('skips a cluster whose record is gone, that is not live, or that is already on the target', () => {
    expect(clusterStart(c, waiting, null, now)).toEqual({ kind: 'skip', reason: 'cluster record missing' });
    expect(clusterStart(c, waiting, { ...active, status: 'DECOMMISSIONED' }, now)).toEqual({
      kind: 'skip',
      reason: 'cluster is DECOMMISSIONED',
    });
    expect(clusterStart(c, waiting, { ...active, spec: { version: '4.1.6', instanceType: 'm5.xlarge' } }, now)).toEqual({
      kind: 'skip',
      reason: 'already on 4.1.6',
    });
  });

  it('starts a live cluster with no window at once', () => {
    const start = { kind: 'start', fromVersion: '4.1.5', change: { toVersion: '4.1.6' } };
    expect(clusterStart(c, waiting, active, now)).toEqual(start);
    expect(clusterStart(c, waiting, { ...active, status: 'UPDATING' }, now)).toEqual(start);
  });

  it('moves a cluster to an instance type, asking only for what it still lacks', () => {
    const toType = { toVersion: null, toInstanceType: 'm5.2xlarge', upgradeMinutes: 30 };
    expect(clusterStart(toType, waiting, active, now)).toEqual({
      kind: 'start',
      fromVersion: '4.1.5',
      change: { instanceType: 'm5.2xlarge' },
    });
    const onType = { ...active, spec: { version: '4.1.5', instanceType: 'm5.2xlarge' } };
    expect(clusterStart(toType, waiting, onType, now)).toEqual({ kind: 'skip', reason: 'already on m5.2xlarge' });
    const both = { ...toType, toVersion: '4.1.6' };
    expect(clusterStart(both, waiting, onType, now)).toEqual({ kind: 'start', fromVersion: '4.1.5', change: { toVersion: '4.1.6' } });
  });

  it('waits for a window that opens later, and says when the row already records it', () => {
    // Wednesday noon UTC; the window is Saturday 02:00 UTC.
    const windowed = { ...active, maintenanceWindow: { day: 'sat', start: '02:00', durationMinutes: 120, timeZone: 'UTC' } as const };
    const first = clusterStart(c, waiting, windowed, now);
    expect(first).toEqual({ kind: 'wait', opens: new Date('2026-11-21T02:00:00Z'), changed: true });
    expect(clusterStart(c, { status: 'scheduled', plannedStart: new Date('2026-11-21T02:00:00Z') }, windowed, now)).toEqual({
      kind: 'wait',
      opens: new Date('2026-11-21T02:00:00Z'),
      changed: false,
    });
  });
});
