import { describe, expect, it } from 'vitest';
import { silentNodes, type ClusterMemory } from '../../services/health/fold';
import type { NodeHealth } from '../../services/health/hysteresis';

const heardAt = (lastSnapshotAt: number): NodeHealth => ({
  state: 'healthy',
  score: 100,
  causes: [],
  pending: 'healthy',
  streak: 4,
  lastSnapshotAt,
  name: 'n1',
});
const memoryOf = (health: NodeHealth): Map<string, ClusterMemory> =>
  new Map([['c', { nodes: new Map([['n1', health]]), views: new Map(), state: undefined }]]);

describe('a silent node', () => {
  const interval = 250;
  const limit = interval * 3;
  it('is one not heard from for three intervals and missing from a round the collector completed since', () => {
    const silent = silentNodes(memoryOf(heardAt(10_000)), 11_000, limit, 10_300);
    expect(silent).toMatchObject([{ nodeId: 'n1', score: 0, causes: ['node silent: no snapshot for 1 s'] }]);
  });
  it('is not one whose snapshots arrive late because the collector overran its interval', () => {
    // Its last snapshot came from the last completed round; the next round is still being collected.
    expect(silentNodes(memoryOf(heardAt(10_000)), 11_000, limit, 10_000)).toEqual([]);
    // Before the collector completed two rounds nobody is silent.
    expect(silentNodes(memoryOf(heardAt(10_000)), 60_000, limit, 0)).toEqual([]);
  });
  it('is not one heard from within three intervals', () => {
    expect(silentNodes(memoryOf(heardAt(10_000)), 10_700, limit, 10_500)).toEqual([]);
  });
});
