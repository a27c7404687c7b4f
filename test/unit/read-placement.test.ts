import { describe, expect, it } from 'vitest';
import { readersOf, workerConnections } from '../../services/engines/workload-keys';
import { canaryPairOf } from '../../services/operations/workflows/upgrade/canary-pair';
import type { ClusterNode } from '../../services/core/types';

const nodes = [
  { name: 'p', role: 'primary' as const },
  { name: 'r1', role: 'replica' as const },
  { name: 'r2', role: 'replica' as const },
];

describe("where a workload's reads go", () => {
  it('spreads reads over every node, writes to the primary', () => {
    const { writers, readers } = workerConnections(nodes, 6, (_, node) => node.name);
    expect(writers).toEqual(['p', 'p', 'p', 'p', 'p', 'p']);
    expect(readers).toEqual(['p', 'r1', 'r2', 'p', 'r1', 'r2']);
  });

  it('sends every read to the one node named, writes still to the primary', () => {
    const { writers, readers } = workerConnections(nodes, 4, (_, node) => node.name, 'r2');
    expect(writers).toEqual(['p', 'p', 'p', 'p']);
    expect(readers).toEqual(['r2', 'r2', 'r2', 'r2']);
    expect(readersOf(nodes, 'r1').map((n) => n.name)).toEqual(['r1']);
  });

  it('refuses to read from a node the target does not have', () => {
    expect(() => workerConnections(nodes, 2, (_, node) => node.name, 'gone')).toThrow(/no node gone to read from among p, r1, r2/);
  });
});

describe("an upgrade's canary pair", () => {
  const cluster = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `n${i}`, role: i === 0 ? 'primary' : 'replica', region: 'local' }) as ClusterNode);

  it('is two replicas when the driver can read from one node, none otherwise', () => {
    expect(canaryPairOf(cluster(3), true)).toEqual({ pair: { canary: 'n1', baseline: 'n2' }, why: null });
    expect(canaryPairOf(cluster(3), false).pair).toBeNull();
  });

  it('has the primary for its baseline when the cluster is a primary and one replica, and no pair with one node', () => {
    expect(canaryPairOf(cluster(2), true)).toEqual({ pair: { canary: 'n1', baseline: 'n0' }, why: null });
    expect(canaryPairOf(cluster(1), true)).toEqual({ pair: null, why: expect.stringMatching(/one node/) });
  });

  it("takes a baseline replica in the canary's region before one elsewhere, and a replica before the primary", () => {
    const spread = [
      { name: 'p', role: 'primary', region: 'us-east-1' },
      { name: 'r1', role: 'replica', region: 'us-east-1' },
      { name: 'r2', role: 'replica', region: 'eu-west-1' },
      { name: 'r3', role: 'replica', region: 'us-east-1' },
    ] as ClusterNode[];
    expect(canaryPairOf(spread, true).pair).toEqual({ canary: 'r1', baseline: 'r3' });
    expect(canaryPairOf(spread.slice(0, 3), true).pair).toEqual({ canary: 'r1', baseline: 'r2' });
  });
});
