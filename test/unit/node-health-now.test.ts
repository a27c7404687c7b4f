import { describe, expect, it } from 'vitest';
import { nodeHealthNow } from '../../services/health/node-health-now';
import type { NodeHealth } from '../../services/health/hysteresis';

const live = (over: Partial<NodeHealth> = {}): NodeHealth => ({
  state: 'healthy',
  score: 95,
  causes: ['replication lag 6.0 s'],
  pending: 'healthy',
  streak: 3,
  lastSnapshotAt: 1,
  ...over,
});
const since = new Date('2026-12-05T10:00:00Z');

describe("a node's health, as every view shows it", () => {
  it("is the aggregator's live record: its last snapshot's score and causes, not the score recorded at the last change", () => {
    const recorded = { state: 'healthy' as const, score: 100, causes: [], since };
    expect(nodeHealthNow(live(), recorded)).toEqual({ state: 'healthy', score: 95, causes: ['replication lag 6.0 s'], since });
  });
  it('keeps the confirmed state while a new one waits for its second snapshot', () => {
    const recorded = { state: 'healthy' as const, score: 100, causes: [], since };
    expect(nodeHealthNow(live({ score: 0, causes: ['node down: refused'], pending: 'unhealthy', streak: 1 }), recorded)).toMatchObject({
      state: 'healthy',
      score: 0,
    });
  });
  it("has no `since` while PostgreSQL has not yet recorded the live state, and falls back to PostgreSQL's record without a live one", () => {
    expect(nodeHealthNow(live({ state: 'degraded' }), { state: 'healthy', score: 100, causes: [], since }).since).toBeNull();
    expect(nodeHealthNow(undefined, { state: 'unhealthy', score: 0, causes: ['node down'], since })).toEqual({
      state: 'unhealthy',
      score: 0,
      causes: ['node down'],
      since,
    });
    expect(nodeHealthNow(undefined, undefined)).toEqual({ state: 'unknown', score: null, causes: [], since: null });
  });
});
