import { describe, expect, it } from 'vitest';
import { healthNotices } from '../../services/health/health-notices';
import type { FoldResult, NodeChange, Transition } from '../../services/health/fold';

const nodeChange = (clusterId: string, targetId: string): NodeChange => ({
  targetType: 'node',
  targetId,
  clusterId,
  nodeName: targetId,
  fromState: 'healthy',
  toState: 'unhealthy',
  score: 0,
  causes: ['node down'],
});
const clusterChange = (clusterId: string): Transition => ({
  targetType: 'cluster',
  targetId: clusterId,
  clusterId,
  fromState: 'healthy',
  toState: 'degraded',
  score: 67,
  causes: [],
});
const fold = (nodeChanges: NodeChange[], clusterChanges: Transition[]): FoldResult => ({
  nodes: new Map(),
  views: new Map(),
  recent: new Map(),
  nodeChanges,
  clusterChanges,
});

describe('live health notices', () => {
  it('name every cluster a batch moved once: its new state, or that a node of it changed', () => {
    const notices = healthNotices(
      fold([nodeChange('a', 'a1'), nodeChange('a', 'a2'), nodeChange('b', 'b1'), nodeChange('b', 'b2')], [clusterChange('a')]),
    );
    expect(notices).toEqual([
      { clusterId: 'a', state: 'degraded', score: 67 },
      { clusterId: 'b', nodesChanged: true },
    ]);
  });

  it('are empty when nothing changed, so a quiet batch publishes nothing', () => {
    expect(healthNotices(fold([], []))).toEqual([]);
  });
});
