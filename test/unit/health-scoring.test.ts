import { describe, expect, it } from 'vitest';
import { scoreSnapshot, stateOf } from '../../workers/health/scoring';
import { advance, CONFIRMATIONS } from '../../workers/health/hysteresis';
import { clusterHealth } from '../../workers/health/cluster-health';
import type { NodeSnapshot } from '../../workers/health/snapshot';

const sla = { p99ReadMs: 10, p99WriteMs: 20, availability: 99.99 };
const snap = (over: Partial<NodeSnapshot> = {}): NodeSnapshot => ({
  clusterId: 'c', nodeId: 'n', nodeName: 'n', role: 'primary', at: 0, simulated: false, up: true, latencyMs: 1, ...over,
});

describe('health scoring', () => {
  it('scores a down node 0 and says why', () => {
    expect(scoreSnapshot(snap({ up: false, error: 'ECONNREFUSED' }), sla)).toEqual({ score: 0, causes: ['node down: ECONNREFUSED'] });
  });

  it('takes points for latency over the SLA, memory and disk pressure, and a broken replica link', () => {
    expect(scoreSnapshot(snap(), sla).score).toBe(100);
    expect(scoreSnapshot(snap({ latencyMs: 12 }), sla).score).toBe(70);
    expect(scoreSnapshot(snap({ latencyMs: 8 }), sla).score).toBe(90);
    expect(scoreSnapshot(snap({ memoryUsedPercent: 95, diskUsedPercent: 85 }), sla).score).toBe(55);
    const broken = scoreSnapshot(snap({ role: 'replica', replicationLinkUp: false, latencyMs: 12 }), sla);
    expect(broken.score).toBe(30);
    expect(broken.causes).toHaveLength(2);
    expect(stateOf(broken.score)).toBe('unhealthy');
  });
});

describe('hysteresis', () => {
  it('needs consecutive snapshots to change state, so one odd snapshot does not flap a node', () => {
    let h = advance(undefined, 100, [], 0).health;
    const once = advance(h, 0, ['down'], 1);
    expect(once.changed).toBe(false);
    expect(once.health.state).toBe('healthy');
    const back = advance(once.health, 100, [], 2);
    expect(back.health.state).toBe('healthy');
    h = back.health;
    for (let i = 0; i < CONFIRMATIONS; i += 1) h = advance(h, 0, ['down'], 3 + i).health;
    expect(h.state).toBe('unhealthy');
  });
});

describe('cluster health', () => {
  const node = (state: 'healthy' | 'degraded' | 'unhealthy', score: number) => ({ state, score, causes: [], pending: state, streak: 2, lastSnapshotAt: 0 });
  it('is unhealthy when more than a third of its nodes are, degraded when any is not healthy', () => {
    expect(clusterHealth([node('healthy', 100), node('healthy', 100), node('healthy', 90)]).state).toBe('healthy');
    expect(clusterHealth([node('healthy', 100), node('healthy', 100), node('degraded', 60)]).state).toBe('degraded');
    expect(clusterHealth([node('healthy', 100), node('healthy', 100), node('unhealthy', 0)]).state).toBe('degraded');
    expect(clusterHealth([node('healthy', 100), node('unhealthy', 0), node('unhealthy', 0)]).state).toBe('unhealthy');
    expect(clusterHealth([]).state).toBe('unhealthy');
  });
});
