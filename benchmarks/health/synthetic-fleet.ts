import { randomUUID } from 'node:crypto';
import type { NodeSnapshot } from '../../services/health/snapshot';

/** A small seeded generator (mulberry32): the same stream of snapshots in every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface SyntheticNode {
  clusterId: string;
  nodeId: string;
  name: string;
  role: string;
  peers: string[];
  /** The round from which it is down (1% of nodes) or under disk pressure (3%), if ever. */
  diesAt: number | null;
  fillsAt: number | null;
}

export function syntheticFleet(clusterIds: string[], nodesPerCluster: number, rounds: number, random: () => number): SyntheticNode[] {
  return clusterIds.flatMap((clusterId, c) => {
    const names = Array.from({ length: nodesPerCluster }, (_, k) => `hb-${c}-${k}`);
    return names.map((name, k) => ({
      clusterId,
      nodeId: randomUUID(),
      name,
      role: k === 0 ? 'primary' : 'replica',
      peers: k === 0 ? names.slice(1) : [names[0]!],
      diesAt: random() < 0.01 ? Math.floor(random() * rounds) : null,
      fillsAt: random() < 0.03 ? Math.floor(random() * rounds) : null,
    }));
  });
}

export function snapshotOf(n: SyntheticNode, round: number, at: number, random: () => number, down: Set<string>): NodeSnapshot {
  const base = { clusterId: n.clusterId, nodeId: n.nodeId, nodeName: n.name, role: n.role, at, simulated: true };
  if (n.diesAt !== null && round >= n.diesAt) return { ...base, up: false, error: 'connect ECONNREFUSED', latencyMs: 0.4 };
  return {
    ...base,
    up: true,
    latencyMs: 0.5 + random() * 4,
    memoryUsedPercent: 40 + random() * 30,
    diskUsedPercent: n.fillsAt !== null && round >= n.fillsAt ? 92 : 30 + random() * 30,
    connections: Math.floor(20 + random() * 200),
    errors: random() < 0.02 ? 1 : 0,
    ...(n.role === 'replica' ? { replicationLagSeconds: random(), replicationLinkUp: true } : {}),
    peers: n.peers.map((name) => ({ name, up: !down.has(name) })),
  };
}
