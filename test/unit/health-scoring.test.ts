import { describe, expect, it } from 'vitest';
import { scoreSnapshot, stateOf, type PeerOpinion } from '../../services/health/scoring';
import { advance, CONFIRMATIONS, type NodeHealth } from '../../services/health/hysteresis';
import { clusterHealth } from '../../services/health/cluster-health';
import { absorbViews, opinionOf, type ClusterViews } from '../../services/health/peer-views';
import { foldObservations, scoreBatch, type ClusterMemory } from '../../services/health/fold';
import { decodeRecent, encodeRecent, type NodeSnapshot } from '../../services/health/snapshot';

const sla = { p99ReadMs: 10, p99WriteMs: 20, availability: 99.99 };
const snap = (over: Partial<NodeSnapshot> = {}): NodeSnapshot => ({
  clusterId: 'c',
  nodeId: 'n',
  nodeName: 'n',
  role: 'primary',
  at: 0,
  simulated: false,
  up: true,
  latencyMs: 1,
  ...over,
});
const opinion = (seenUpBy: string[], seenDownBy: string[]): PeerOpinion => ({ seenUpBy, seenDownBy });

describe('health scoring rules', () => {
  it('scores a healthy node 100 with no cause', () => {
    expect(scoreSnapshot(snap(), sla)).toEqual({ score: 100, causes: [] });
  });

  it('scores a down node 0 and says why', () => {
    expect(scoreSnapshot(snap({ up: false, error: 'ECONNREFUSED' }), sla)).toEqual({ score: 0, causes: ['node down: ECONNREFUSED'] });
    expect(scoreSnapshot(snap({ up: false, error: 'ECONNREFUSED' }), sla, opinion([], ['a'])).causes[0]).toMatch(/^node down/);
  });

  it('calls a node its probe cannot reach but its peers see up "unreachable", not down', () => {
    const s = scoreSnapshot(snap({ up: false, error: 'timeout' }), sla, opinion(['a', 'b'], []));
    expect(s.score).toBe(20);
    expect(s.causes[0]).toBe('node unreachable: its probe fails (timeout) while peers a, b see it up');
    expect(stateOf(s.score)).toBe('unhealthy');
  });

  it('takes points when most peers see down a node whose own probe answers', () => {
    const s = scoreSnapshot(snap(), sla, opinion([], ['a', 'b']));
    expect(s).toEqual({ score: 65, causes: ['peers a, b see it down while its own probe answers'] });
    expect(scoreSnapshot(snap(), sla, opinion(['a'], ['b'])).score).toBe(100); // no majority
  });

  it('counts a replica whose link is down once, though its primary no longer sees it either', () => {
    const s = scoreSnapshot(snap({ role: 'replica', replicationLinkUp: false }), sla, opinion([], ['primary']));
    expect(s).toEqual({ score: 60, causes: ['replica is not following its primary'] });
  });

  it('takes points for replication lag', () => {
    expect(scoreSnapshot(snap({ replicationLagSeconds: 2 }), sla).score).toBe(100);
    expect(scoreSnapshot(snap({ replicationLagSeconds: 6 }), sla)).toEqual({ score: 90, causes: ['replication lag 6.0 s'] });
    expect(scoreSnapshot(snap({ replicationLagSeconds: 45 }), sla).score).toBe(70);
  });

  it('takes points for probe latency against the SLA p99', () => {
    expect(scoreSnapshot(snap({ latencyMs: 12 }), sla).score).toBe(70);
    expect(scoreSnapshot(snap({ latencyMs: 8 }), sla).score).toBe(90);
    expect(scoreSnapshot(snap({ latencyMs: 6 }), sla).score).toBe(100);
  });

  it('takes points for memory and disk pressure', () => {
    expect(scoreSnapshot(snap({ memoryUsedPercent: 95, diskUsedPercent: 85 }), sla)).toEqual({
      score: 55,
      causes: ['memory 95% used', 'disk 85% used'],
    });
    expect(scoreSnapshot(snap({ memoryUsedPercent: 79, diskUsedPercent: 50 }), sla).score).toBe(100);
  });

  it('takes points for errors since the last snapshot', () => {
    expect(scoreSnapshot(snap({ errors: 0 }), sla).score).toBe(100);
    expect(scoreSnapshot(snap({ errors: 1 }), sla)).toEqual({ score: 95, causes: ['1 error since the last snapshot'] });
    expect(scoreSnapshot(snap({ errors: 150 }), sla).score).toBe(80);
  });

  it('adds the rules up, never below 0', () => {
    const worst = scoreSnapshot(
      snap({
        role: 'replica',
        replicationLinkUp: false,
        latencyMs: 50,
        memoryUsedPercent: 99,
        diskUsedPercent: 99,
        errors: 500,
        replicationLagSeconds: 100,
      }),
      sla,
    );
    expect(worst.score).toBe(0);
    expect(worst.causes).toHaveLength(6);
  });
});

describe('peer views', () => {
  it('combines what the other nodes of a cluster said of a node in fresh snapshots only', () => {
    const views: ClusterViews = new Map();
    absorbViews(views, [
      snap({
        nodeName: 'p',
        at: 1000,
        peers: [
          { name: 'r1', up: false },
          { name: 'r2', up: true },
        ],
      }),
      snap({ nodeName: 'r2', at: 1000, peers: [{ name: 'p', up: true }] }),
      snap({ nodeName: 'r1', at: 1000, up: false }), // a node that does not answer says nothing
    ]);
    expect(opinionOf(views, 'r1', 1000, 500)).toEqual({ seenUpBy: [], seenDownBy: ['p'] });
    expect(opinionOf(views, 'p', 1000, 500)).toEqual({ seenUpBy: ['r2'], seenDownBy: [] });
    expect(opinionOf(views, 'r1', 5000, 500)).toEqual({ seenUpBy: [], seenDownBy: [] }); // stale
    absorbViews(views, [snap({ nodeName: 'p', at: 500, peers: [] })]); // older than what p said: ignored
    expect(views.get('p')?.at).toBe(1000);
  });
});

describe('recent snapshots', () => {
  it('keep the drill-down facts, rounded to hundredths, nulls where a fact is unknown', () => {
    const s = snap({ at: 5, latencyMs: 1.23456, memoryUsedPercent: 50.555, connections: 7, errors: 0 });
    expect(decodeRecent(encodeRecent(s))).toEqual({
      at: 5,
      up: true,
      latencyMs: 1.23,
      memoryUsedPercent: 50.56,
      diskUsedPercent: null,
      connections: 7,
      replicationLagSeconds: null,
      errors: 0,
    });
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

describe('batch fold', () => {
  const memoryOf = (nodes: Array<[string, NodeHealth]> = []): Map<string, ClusterMemory> =>
    new Map([['c', { nodes: new Map(nodes), views: new Map(), state: { state: 'healthy', score: 100 } }]]);
  const healthy: NodeHealth = { state: 'healthy', score: 100, causes: [], pending: 'healthy', streak: 3, lastSnapshotAt: 0, name: 'r1' };

  it('flags the node the primary sees down once two snapshots agree, and moves the cluster', () => {
    const memory = memoryOf([
      ['r1', healthy],
      ['p', { ...healthy, name: 'p' }],
    ]);
    const batch = [1000, 2000].flatMap((at) => [
      snap({ nodeId: 'p', nodeName: 'p', at, peers: [{ name: 'r1', up: false }] }),
      snap({ nodeId: 'r1', nodeName: 'r1', role: 'replica', at, up: false, error: 'ECONNREFUSED' }),
    ]);
    const { observations, views } = scoreBatch(batch, memory, new Map([['c', sla]]), 500);
    const result = foldObservations(observations, memory, views);
    expect(result.nodeChanges).toEqual([
      expect.objectContaining({ targetId: 'r1', fromState: 'healthy', toState: 'unhealthy', causes: ['node down: ECONNREFUSED'] }),
    ]);
    expect(result.clusterChanges).toEqual([expect.objectContaining({ fromState: 'healthy', toState: 'unhealthy' })]); // 1 of 2 nodes: over a third
    expect(result.recent.get('r1')?.map((r) => decodeRecent(r).up)).toEqual([false, false]);
    expect(result.views.get('c')?.get('p')?.at).toBe(2000);
  });

  it('ignores a redelivered snapshot older than what its node already saw', () => {
    const memory = memoryOf([['r1', { ...healthy, lastSnapshotAt: 5000 }]]);
    const { observations } = scoreBatch(
      [snap({ nodeId: 'r1', at: 1000, up: false }), snap({ nodeId: 'r1', at: 1500, up: false })],
      memory,
      new Map([['c', sla]]),
      500,
    );
    expect(foldObservations(observations, memory).nodeChanges).toEqual([]);
  });
});

describe('cluster health', () => {
  const node = (state: 'healthy' | 'degraded' | 'unhealthy', score: number) => ({
    state,
    score,
    causes: [],
    pending: state,
    streak: 2,
    lastSnapshotAt: 0,
  });
  it('is unhealthy when more than a third of its nodes are, degraded when any is not healthy', () => {
    expect(clusterHealth([node('healthy', 100), node('healthy', 100), node('healthy', 90)]).state).toBe('healthy');
    expect(clusterHealth([node('healthy', 100), node('healthy', 100), node('degraded', 60)]).state).toBe('degraded');
    expect(clusterHealth([node('healthy', 100), node('healthy', 100), node('unhealthy', 0)]).state).toBe('degraded');
    expect(clusterHealth([node('healthy', 100), node('unhealthy', 0), node('unhealthy', 0)]).state).toBe('unhealthy');
    expect(clusterHealth([]).state).toBe('unhealthy');
  });
});
