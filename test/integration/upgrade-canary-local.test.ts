import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { Client } from 'memjs';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { createWatchedCluster } from '../helpers/failover-cluster';
import { canaryOf, expectPairRuns } from '../helpers/canary-checks';
import type { Cluster, ClusterNode, Operation } from '../../services/core/types';
import type { ClusterRecord } from '../../services/fleet/cluster-record';

/*
 * An upgrade of a real local cluster judged at its canary: the first replica changed is read beside a
 * replica still on the old configuration, at the same time, by the engine's own driver sending every
 * read to one node; the pair is measured once before the change to take out how the two differ.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

/** GET calls each node has answered since its statistics were reset. */
async function getsServed(nodes: ClusterNode[], password: string): Promise<Record<string, number>> {
  const served: Record<string, number> = {};
  for (const node of nodes) {
    const client = new Redis({ host: node.host!, port: node.port!, password, lazyConnect: true, maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const stats = await client.info('commandstats');
      served[node.name] = Number(/cmdstat_get:calls=(\d+)/.exec(stats)?.[1] ?? 0);
    } finally {
      client.disconnect();
    }
  }
  return served;
}

/** GET and SET commands each memcached node has answered, and its hits, since it started. */
async function memcachedCounts(nodes: ClusterNode[]): Promise<Record<string, { gets: number; sets: number; hits: number }>> {
  const counts: Record<string, { gets: number; sets: number; hits: number }> = {};
  for (const node of nodes) {
    const client = Client.create(`${node.host}:${node.port}`, { retries: 0, timeout: 2 });
    try {
      const stats = await new Promise<Record<string, string>>((resolve, reject) =>
        client.stats((error, _server, values) => (error ? reject(error) : resolve(values ?? {}))),
      );
      counts[node.name] = { gets: Number(stats.cmd_get ?? 0), sets: Number(stats.cmd_set ?? 0), hits: Number(stats.get_hits ?? 0) };
    } finally {
      client.close();
    }
  }
  return counts;
}

/** The loosest SLA: a loaded machine's p99 must not roll an upgrade back here (the gate's SLA limit has tests of its own). */
const loosest = { p99ReadMs: 60_000, p99WriteMs: 60_000, availability: 99.9 };

async function upgradeToEnd(cluster: string, body: Record<string, unknown>, timeoutMs = 240_000): Promise<Operation> {
  const res = await app.api(`/api/clusters/${cluster}/upgrades`, { method: 'POST', json: body });
  expect(res.status).toBe(202);
  const { id: operationId } = (await res.json()) as { id: string };
  return eventually(
    async () => {
      const op = await app.ctx.repos.operations.get(operationId);
      return op && ['succeeded', 'failed', 'rolled_back'].includes(op.status) ? op : undefined;
    },
    timeoutMs,
    500,
  );
}

/**
 * Resizes a real local cluster through its canary at the loosest threshold (and SLA: the design on
 * real nodes is under test, not this machine's speed) and checks what every such upgrade must show:
 * it succeeded, its canary step passed on paired slices, and every node has the new instance type.
 */
async function resizedThroughCanary(name: string, cluster: Cluster, nodes: ClusterNode[]) {
  const op = await upgradeToEnd(name, {
    instanceType: cluster.spec.instanceType === 'r5.xlarge' ? 'r5.2xlarge' : 'r5.xlarge',
    force: true,
    benchmarkSeconds: 2,
    workloads: ['read-heavy-80-20'],
    thresholdPercent: 500,
  });
  const steps = op.steps.map(({ name: step, status, error }) => ({ name: step, status, error }));
  expect(op.error, JSON.stringify(steps)).toBeNull();
  expect(op.status).toBe('succeeded');
  const { pair, canary } = canaryOf(op, nodes);
  const pairRuns = await expectPairRuns(app, cluster.id, op);
  expect(canary.verdict).toBe('pass');
  expect(canary.comparisons[0]!.verdict.p99.design).toBe('paired');
  expect((await app.ctx.repos.nodes.forCluster(cluster.id)).every((n) => n.instanceType !== cluster.spec.instanceType)).toBe(true);
  return { pair, canary, pairRuns };
}

/** One paired read of the workflow's own: each side's reads sent to its node alone, at the same time. */
async function readPairOnce(cluster: ClusterRecord, pair: { canary: string; baseline: string }) {
  const { readsSideBySide } = await import('../../services/operations/workflows/upgrade/paired-reads');
  const { workloadTargetFor } = await import('../../services/operations/workflows/benchmark/target');
  return readsSideBySide({
    targetOf: (node) => workloadTargetFor(app.services.workflowDeps, cluster, node),
    pair,
    workload: 'read-heavy-80-20',
    durationSeconds: 1,
    upgrade: 'reads-to-one-node',
    attempt: 1,
    engines: app.ctx.engines,
    simulatedDrift: false,
  });
}

describe('an upgrade of a real local Redis cluster', () => {
  it('reads the changed replica beside an unchanged one at the same time, and the gate judges their paired slices', async () => {
    const { cluster, nodes } = await createWatchedCluster(app, {
      name: 'canary-local',
      owner: 'platform',
      engine: 'redis',
      sla: loosest,
    });
    expect(nodes).toHaveLength(3);
    const { canary } = await resizedThroughCanary('canary-local', cluster, nodes);
    expect(canary.comparisons[0]!.verdict.reasons.join(' ')).toMatch(/paired slices/);
  });

  it('sends each side of the pair its own reads alone: the primary answers none of them', async () => {
    const cluster = (await app.ctx.repos.clusters.find('canary-local'))!;
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const password = await app.ctx.repos.clusters.password(cluster.id);
    const replica = nodes.find((n) => n.role !== 'primary')!;
    const before = await getsServed(nodes, password);
    const other = nodes.find((n) => n.role !== 'primary' && n.name !== replica.name)!;
    const { canary, baseline } = await readPairOnce(cluster, { canary: replica.name, baseline: other.name });
    const after = await getsServed(nodes, password);
    const primary = nodes.find((n) => n.role === 'primary')!;
    // Every GET counted where it was sent (the warm-up's too), none at the primary.
    expect(after[primary.name]! - before[primary.name]!).toBe(0);
    expect(after[replica.name]! - before[replica.name]!).toBeGreaterThanOrEqual(canary.operations);
    expect(after[other.name]! - before[other.name]!).toBeGreaterThanOrEqual(baseline.operations);
    expect(canary.operations).toBeGreaterThan(0);
    expect(baseline.operations).toBeGreaterThan(0);
  });
});

describe('an upgrade of a real local Redis cluster of a primary and one replica', () => {
  it('reads the changed replica beside the primary, still on the old configuration, and judges their calibrated slices', async () => {
    const { cluster, nodes } = await createWatchedCluster(app, {
      name: 'canary-two',
      owner: 'platform',
      engine: 'redis',
      environment: 'test',
      expectedDataGb: 2,
      sla: loosest,
    });
    expect(nodes).toHaveLength(2);
    const { pair, pairRuns } = await resizedThroughCanary('canary-two', cluster, nodes);
    // Calibration and canary rounds alike read the primary as the baseline side, by its own name;
    // the canary changed first, the primary last.
    expect(pairRuns.filter((r) => r.phase === 'baseline').length).toBeGreaterThanOrEqual(2);
    expect(pair.baseline).toBe(nodes.find((n) => n.role === 'primary')!.name);
  });
});

describe('an upgrade of a real local memcached cluster', () => {
  it('measures the changed node beside an unchanged one, each given the whole workload alone, and judges their slices', async () => {
    const { cluster, nodes } = await createWatchedCluster(app, { name: 'canary-mc', owner: 'platform', engine: 'memcached', sla: loosest });
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    await resizedThroughCanary('canary-mc', cluster, nodes);
  });

  it('sends each side of the pair its keys and its reads alone: the third node answers none', async () => {
    const cluster = (await app.ctx.repos.clusters.find('canary-mc'))!;
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const [first, second, third] = nodes;
    const before = await memcachedCounts(nodes);
    const { canary, baseline } = await readPairOnce(cluster, { canary: first!.name, baseline: second!.name });
    const after = await memcachedCounts(nodes);
    const change = (name: string) => ({ gets: after[name]!.gets - before[name]!.gets, sets: after[name]!.sets - before[name]!.sets });
    expect(change(third!.name)).toEqual({ gets: 0, sets: 0 });
    // Each side wrote its key space there first (the prefill), then read it there: hits, not misses.
    expect(change(first!.name).gets).toBeGreaterThanOrEqual(canary.operations);
    expect(change(second!.name).gets).toBeGreaterThanOrEqual(baseline.operations);
    expect(change(first!.name).sets).toBeGreaterThan(0);
    expect(change(second!.name).sets).toBeGreaterThan(0);
    expect(after[first!.name]!.hits - before[first!.name]!.hits).toBeGreaterThan(0.9 * change(first!.name).gets);
    expect(canary.operations).toBeGreaterThan(0);
    expect(baseline.operations).toBeGreaterThan(0);
  });
});

describe('an upgrade of a real local PostgreSQL cluster under Patroni', () => {
  it('moves the canary replica to the newer minor, reads it beside a replica still on the older one, then moves the rest', async () => {
    const { cluster, nodes } = await createWatchedCluster(
      app,
      { name: 'canary-pg', owner: 'platform', engine: 'postgres', version: '15.14', sla: loosest },
      300_000,
    );
    expect(nodes).toHaveLength(3);
    const op = await upgradeToEnd(
      'canary-pg',
      {
        toVersion: '15.20',
        force: true,
        benchmarkSeconds: 2,
        workloads: ['read-heavy-80-20'],
        thresholdPercent: 500,
      },
      480_000,
    );
    const steps = op.steps.map(({ name, status, error }) => ({ name, status, error }));
    expect(op.error, JSON.stringify(steps)).toBeNull();
    expect(op.status).toBe('succeeded');
    const { pair, canary } = canaryOf(op, nodes);
    const pairRuns = await expectPairRuns(app, cluster.id, op);
    // After the change the canary's reads ran on 15.20 while its baseline's still ran on 15.14.
    const changed = pairRuns.filter((r) => r.phase === 'canary' && r.clusterVersion === '15.20');
    expect(changed.length).toBeGreaterThan(0);
    for (const run of changed) expect(run.nodeVersions.find((n) => n.node === pair.baseline)?.version).toBe('15.14');
    expect(canary.verdict).toBe('pass');
    expect(canary.comparisons[0]!.verdict.p99.design).toBe('paired');
    expect((await app.ctx.repos.nodes.forCluster(cluster.id)).every((n) => n.softwareVersion === '15.20')).toBe(true);
  }, 600_000);
});
