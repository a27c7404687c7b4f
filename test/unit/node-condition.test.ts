import { describe, expect, it } from 'vitest';
import { nodeDisplayState, unknownHealth, type ObservedHealth } from '../../services/fleet/node-condition';
import { clusterHealthJson } from '../../services/api/presenters';

const health = (state: ObservedHealth['state'], causes: string[] = [], score: number | null = 50): ObservedHealth => ({
  state,
  score,
  causes,
  since: new Date(0),
});

describe('what a node is shown as', () => {
  it('never shows a running node the health stream cannot reach as running', () => {
    expect(nodeDisplayState('running', health('unhealthy', ['node down: connect ECONNREFUSED 127.0.0.1:6400'], 0))).toEqual({
      displayState: 'unreachable',
      displayReason: 'node down: connect ECONNREFUSED 127.0.0.1:6400',
    });
    expect(nodeDisplayState('running', health('unhealthy', ['node silent: no snapshot for 16 s'], 0)).displayState).toBe('unreachable');
    expect(
      nodeDisplayState('running', health('unhealthy', ['node unreachable: its probe fails (timeout) while peers a see it up'], 20))
        .displayState,
    ).toBe('unreachable');
  });

  it('shows an answering but sick node as unhealthy or degraded, with every cause', () => {
    expect(
      nodeDisplayState('running', health('unhealthy', ['replica is not following its primary', 'replication lag 40.0 s'], 30)),
    ).toEqual({ displayState: 'unhealthy', displayReason: 'replica is not following its primary; replication lag 40.0 s' });
    expect(nodeDisplayState('running', health('degraded', ['memory 85% used'], 70))).toEqual({
      displayState: 'degraded',
      displayReason: 'memory 85% used',
    });
  });

  it('shows running when healthy or not yet scored, and a lifecycle state other than running as it is', () => {
    expect(nodeDisplayState('running', health('healthy', [], 100))).toEqual({ displayState: 'running', displayReason: null });
    expect(nodeDisplayState('running', unknownHealth)).toEqual({ displayState: 'running', displayReason: null });
    expect(nodeDisplayState('stopped', health('unhealthy', ['node down: x'], 0))).toEqual({ displayState: 'stopped', displayReason: null });
    expect(nodeDisplayState('failed', health('unhealthy', ['node down: x'], 0))).toEqual({
      displayState: 'failed',
      displayReason: 'node down: x',
    });
    expect(nodeDisplayState('pending', unknownHealth).displayState).toBe('pending');
  });
});

describe('what a cluster is shown as', () => {
  it('is at least degraded while one of its nodes is unhealthy, whatever state was recorded last', () => {
    const summary = { state: 'healthy' as const, score: 90, causes: [], unhealthyNodes: ['c-1'], degradedNodes: [] };
    expect(clusterHealthJson(summary).state).toBe('degraded');
    expect(clusterHealthJson({ ...summary, state: 'unknown' }).state).toBe('degraded');
    expect(clusterHealthJson({ ...summary, state: 'unhealthy' }).state).toBe('unhealthy');
    expect(clusterHealthJson({ ...summary, unhealthyNodes: [] }).state).toBe('healthy');
  });
});
