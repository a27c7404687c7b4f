import { expect } from 'vitest';
import type { ClusterNode, Operation } from '../../services/core/types';
import type { TestApp } from './app';

/** The canary step's checkpoint as a test reads it. */
export type CanaryCheckpoint = {
  verdict: string;
  comparisons: Array<{ workload: string; verdict: { p99: { design: string }; reasons: string[] } }>;
};

/**
 * The pair the upgrade measured, checked against the cluster's nodes as they were before it (roles
 * can change during an upgrade): two replicas, or, beside a cluster's one replica, the primary as
 * the baseline; and its canary step's judgement.
 */
export function canaryOf(op: Operation, nodes: ClusterNode[]): { pair: { canary: string; baseline: string }; canary: CanaryCheckpoint } {
  const pair = op.steps.find((s) => s.name === 'preflight')!.checkpoint.canary as { canary: string; baseline: string } | null;
  expect(pair).not.toBeNull();
  const primary = nodes.find((n) => n.role === 'primary');
  if (primary) {
    expect(pair!.canary).not.toBe(primary.name);
    if (nodes.length > 2) expect(pair!.baseline).not.toBe(primary.name);
    else expect(pair!.baseline).toBe(primary.name);
  }
  return { pair: pair!, canary: op.steps.find((s) => s.name === 'canary')!.checkpoint as CanaryCheckpoint };
}

/** The pair's runs: calibration (both unchanged) and at least one round after the canary changed, reads only, none failed. */
export async function expectPairRuns(app: TestApp, clusterId: string, op: Operation) {
  const runs = (await app.ctx.repos.benchmarkRuns.forCluster(clusterId)).filter((r) => r.operationId === op.id);
  const pairRuns = runs.filter((r) => r.phase === 'canary' || r.phase === 'baseline');
  expect(pairRuns.length).toBeGreaterThanOrEqual(4);
  for (const run of pairRuns) {
    expect(run.byOperation.write.count).toBe(0);
    expect(run.byOperation.read.count).toBeGreaterThan(0);
    expect(run.errors).toBe(0);
  }
  return pairRuns;
}
