import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { withTransaction } from '../../services/infra/db/pool';
import { OperationRunner } from '../../services/operations/runner';
import type { StepFn } from '../../services/operations/workflow';
import { workflows } from '../../services/operations/workflows/index';
import { upgradeWorkflow } from '../../services/operations/workflows/upgrade/index';
import { CALIBRATION_ROUNDS, FIRST_CANARY_ATTEMPT, runPairedRound } from '../../services/operations/workflows/upgrade/paired-reads';
import type { CanaryPair } from '../../services/operations/workflows/upgrade/canary-pair';
import type { Operation } from '../../services/core/types';

let app: TestApp;
beforeAll(async () => {
  // The upgrades are driven by this test's own runner: they are recorded, never queued, and the
  // reconciler that would queue them does not come round during the test.
  app = await startTestApp({ config: { simulatorTimeScale: 2000, reconcileIntervalMs: 3_600_000 } });
});
afterAll(async () => {
  await app?.stop();
});

async function runToEnd(runner: OperationRunner, id: string): Promise<Operation> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if ((await runner.run(id)).kind === 'finished') return (await app.ctx.repos.operations.get(id))!;
    await new Promise((r) => setTimeout(r, 100)); // the runner's own delays are simulated waits here; the loop is bounded by the deadline
  }
  throw new Error('the upgrade did not finish within 180 s');
}

async function createCluster(name: string, body: Record<string, unknown>) {
  const res = await app.api('/api/clusters', { method: 'POST', json: { name, owner: 'platform', environment: 'test', ...body } });
  expect(res.status).toBe(202);
  return eventually(
    async () => {
      const c = await app.ctx.repos.clusters.find(name);
      return c?.status === 'ACTIVE' ? c : undefined;
    },
    120_000,
    250,
  );
}

async function upgrade(
  clusterId: string,
  params: Record<string, unknown>,
  runner = new OperationRunner(app.services.workflowDeps, workflows),
) {
  const { id } = await withTransaction(app.ctx.pool, (db) =>
    app.services.operations.record(db, {
      clusterId,
      type: 'upgrade',
      requestedBy: 'test',
      reason: 'canary test',
      params: { force: true, benchmarkSeconds: 5, ...params },
    }),
  );
  return runToEnd(runner, id);
}

const runsOf = async (clusterId: string, op: Operation) =>
  (await app.ctx.repos.benchmarkRuns.forCluster(clusterId)).filter((r) => r.operationId === op.id);
const step = (op: Operation, name: string) => op.steps.find((s) => s.name === name)!;

type Decision = {
  verdict: string;
  canary: CanaryPair | null;
  comparisons: Array<{
    workload: string;
    paired?: CanaryPair;
    baseline?: { before: { p99Ms: number }; after: { p99Ms: number } };
    afterAttempts: number;
    verdict: {
      verdict: string;
      reasons: string[];
      p99: { design: string; interval: [number, number]; changePercent: number };
      slices: { before: unknown[]; after: unknown[] };
    };
  }>;
};
const decisions = async (cluster: string) => (await (await app.api(`/api/clusters/${cluster}/upgrade-decisions`)).json()) as Decision[];

describe('an upgrade measured at a canary beside a baseline', () => {
  it('passes a healthy version on paired read evidence, then changes the other nodes', async () => {
    const ring = await createCluster('canary-pass', { engine: 'cassandra', expectedDataGb: 30, regions: ['us-east-1'] });
    const names = (await app.ctx.repos.nodes.forCluster(ring.id)).map((n) => n.name).sort();
    expect(names).toHaveLength(3);
    const op = await upgrade(ring.id, { toVersion: '5.0.2', workloads: ['read-heavy-80-20', 'balanced-50-50'] });
    expect(op.error).toBeNull();
    expect(op.status).toBe('succeeded');
    const pair = step(op, 'preflight').checkpoint.canary as CanaryPair;
    // Cassandra's members are all read from; the first in the rolling order is the canary, the next its baseline.
    expect(pair).toEqual({ canary: names[0], baseline: names[1] });
    expect(step(op, 'roll-canary').checkpoint.finished).toContain(pair.canary);

    const runs = await runsOf(ring.id, op);
    const pairRuns = runs.filter((r) => r.phase === 'canary' || r.phase === 'baseline');
    // The pair measured together per workload in three calibration rounds before the canary changed (both on 4.1.6), then once after.
    expect(CALIBRATION_ROUNDS).toBe(3);
    expect(pairRuns.filter((r) => r.clusterVersion === '4.1.6')).toHaveLength(2 * (3 * 2 + 1));
    const canaryRuns = pairRuns.filter((r) => r.phase === 'canary' && r.clusterVersion === '5.0.2');
    const baselineRuns = runs.filter((r) => r.phase === 'baseline');
    expect(canaryRuns.map((r) => r.workloadName).sort()).toEqual(['balanced-50-50', 'read-heavy-80-20']);
    // Each workload's baseline: three calibration rounds and one after the change.
    expect(baselineRuns.map((r) => r.workloadName).sort()).toEqual([
      ...Array<string>(4).fill('balanced-50-50'),
      ...Array<string>(4).fill('read-heavy-80-20'),
    ]);
    for (const run of pairRuns) {
      // Reads only: the workload's reads, every operation a read.
      expect(run.byOperation.write.count).toBe(0);
      expect(run.byOperation.read.count).toBeGreaterThan(0);
    }
    // Each canary run read the changed node while the baseline still ran the old version, over the same window.
    for (const canaryRun of canaryRuns) {
      const baselineRun = baselineRuns.find(
        (r) => r.workloadName === canaryRun.workloadName && Math.abs(r.startedAt.getTime() - canaryRun.startedAt.getTime()) < 1000,
      )!;
      expect(canaryRun.clusterVersion).toBe('5.0.2');
      expect(baselineRun.clusterVersion).toBe('4.1.6');
      expect(canaryRun.nodeVersions.find((n) => n.node === pair.baseline)?.version).toBe('4.1.6');
      expect(Math.abs(canaryRun.startedAt.getTime() - baselineRun.startedAt.getTime())).toBeLessThan(1000);
    }
    // The workloads that write are still measured before and after the whole change.
    expect(runs.filter((r) => r.phase === 'before')).toHaveLength(2);
    expect(runs.filter((r) => r.phase === 'after').every((r) => r.clusterVersion === '5.0.2')).toBe(true);

    const [decision] = await decisions('canary-pass');
    expect(decision!.verdict).toBe('pass');
    expect(decision!.canary).toEqual(pair);
    const paired = decision!.comparisons.filter((c) => c.paired);
    expect(paired.map((c) => c.workload).sort()).toEqual(['balanced-50-50', 'read-heavy-80-20']);
    for (const c of paired) {
      expect(c.paired).toEqual(pair);
      // The figures shown: the canary before and after its change, and the baseline in the same two rounds.
      expect(c.baseline?.before.p99Ms).toBeGreaterThan(0);
      expect(c.baseline?.after.p99Ms).toBeGreaterThan(0);
      expect(c.verdict.p99.design).toBe('paired');
      expect(c.verdict.slices.before.length).toBe(c.verdict.slices.after.length);
      expect(c.verdict.reasons.join(' ')).toMatch(/\d+ paired slices .*, against \d+ of the same two before the change/);
    }
    expect(decision!.comparisons.filter((c) => !c.paired).every((c) => c.verdict.p99.design === 'independent')).toBe(true);
    expect((await app.ctx.repos.nodes.forCluster(ring.id)).every((n) => n.softwareVersion === '5.0.2')).toBe(true);
    expect(await app.ctx.repos.clusters.find('canary-pass')).toMatchObject({ status: 'ACTIVE', spec: { version: '5.0.2' } });
  }, 300_000);

  it('catches a known read regression at the canary and rolls back that node alone', async () => {
    const ring = await createCluster('canary-fail', { engine: 'cassandra', expectedDataGb: 30, regions: ['us-east-1'] });
    // Cassandra 4.1.7 is simulated with a 1.8x read p99 against 4.1.6.
    const op = await upgrade(ring.id, { toVersion: '4.1.7', workloads: ['read-heavy-80-20'] });
    expect(op.status).toBe('rolled_back');
    const pair = step(op, 'preflight').checkpoint.canary as CanaryPair;
    expect(op.error).toMatch(
      /^regression: read-heavy-80-20 reads at the canary: p99 \+[\d.]+% \(95% interval [^)]*\d+ paired slices [^)]*, against \d+ of the same two before the change; means of the middle 60% of each; the pair's offset moving ±[\d.]+% from run to run, over 3 runs before and 1 after\): over the 10% threshold and significant/,
    );
    expect(op.error).toContain(
      `only the canary ${pair.canary} was changed and it is rolled back from version 4.1.7; the other nodes never changed`,
    );
    expect(step(op, 'canary').checkpoint.verdict).toBe('regression');
    // Nothing after the canary ran: no other node was changed, nothing was measured after.
    expect(step(op, 'roll-nodes').checkpoint.finished).toBeUndefined();
    const runs = await runsOf(ring.id, op);
    expect(runs.filter((r) => r.phase === 'after')).toHaveLength(0);
    const [canaryRun] = runs.filter((r) => r.phase === 'canary' && r.clusterVersion === '4.1.7');
    const versionsDuringCanary = Object.fromEntries(canaryRun!.nodeVersions.map((n) => [n.node, n.version]));
    expect(Object.values(versionsDuringCanary).sort()).toEqual(['4.1.6', '4.1.6', '4.1.7']);
    expect(versionsDuringCanary[pair.canary]).toBe('4.1.7');

    const nodes = await app.ctx.repos.nodes.forCluster(ring.id);
    expect(nodes.every((n) => n.softwareVersion === '4.1.6')).toBe(true);
    const after = await app.ctx.repos.clusters.find('canary-fail');
    expect(after).toMatchObject({ status: 'ACTIVE', spec: { version: '4.1.6' } });
    expect(after!.statusReason).toMatch(/^last upgrade rolled back: regression: /);
    const audit = JSON.stringify(await app.ctx.repos.audit.forTarget('cluster', ring.id));
    expect(audit).toContain('operation.upgrade.rolled_back');

    const [decision] = await decisions('canary-fail');
    expect(decision!.verdict).toBe('regression');
    const [comparison] = decision!.comparisons;
    expect(comparison!.paired).toEqual(pair);
    expect(comparison!.verdict.verdict).toBe('regression');
    expect(comparison!.verdict.p99.design).toBe('paired');
    // The two nodes' own difference, measured before the change, is taken out: what is left is the
    // version's 1.8x (+80%). Not "the 95% interval holds 80": by design it misses one time in twenty.
    // The estimate's spread over 450 simulated canaries: p10 +75%, p90 +85%; uncalibrated it read +317%.
    expect(comparison!.verdict.p99.changePercent).toBeGreaterThan(60);
    expect(comparison!.verdict.p99.changePercent).toBeLessThan(100);
  }, 300_000);

  it('stays sequential on a cluster of one node: every workload before and after, no canary', async () => {
    const cache = await createCluster('canary-single', { engine: 'redis', expectedDataGb: 1, regions: ['us-east-1'] });
    const nodes = await app.ctx.repos.nodes.forCluster(cache.id);
    expect(nodes).toHaveLength(1);
    const regions = (await (await app.api('/api/regions')).json()) as Array<{ name: string; kernels: string[] }>;
    const kernel = regions.find((r) => r.name === 'us-east-1')!.kernels.find((k) => k !== nodes[0]!.kernelVersion)!;
    const op = await upgrade(cache.id, { kernelVersion: kernel, workloads: ['read-heavy-80-20'], thresholdPercent: 50 });
    expect(op.error).toBeNull();
    expect(op.status).toBe('succeeded');
    expect(step(op, 'preflight').checkpoint).toMatchObject({ canary: null, sequentialBecause: expect.stringMatching(/one node/) });
    const runs = await runsOf(cache.id, op);
    expect(runs.map((r) => r.phase).sort()).toEqual(['after', 'before']);
    const [decision] = await decisions('canary-single');
    expect(decision!.canary).toBeNull();
    expect(decision!.comparisons.some((c) => c.paired)).toBe(false);
    expect((await app.ctx.repos.nodes.forCluster(cache.id))[0]!.kernelVersion).toBe(kernel);
  }, 300_000);

  it('resumes a canary step whose worker died after storing a pair: the pair is reused, not measured again', async () => {
    const ring = await createCluster('canary-crash', { engine: 'cassandra', expectedDataGb: 30, regions: ['us-east-1'] });
    let stored: Record<string, string> | null = null;
    // The first attempt of the canary step stores the first round's pair, then its worker is lost before the checkpoint.
    const dies: StepFn = async (run) => {
      if (stored === null) {
        const pair = (await app.ctx.repos.operations.get(run.op.id))!.steps.find((s) => s.name === 'preflight')!.checkpoint
          .canary as CanaryPair;
        stored = (await runPairedRound(run, pair, ['read-heavy-80-20'], 5, FIRST_CANARY_ATTEMPT)).round.canary;
        throw new Error('worker lost');
      }
      return upgradeWorkflow.steps.canary(run as never);
    };
    const crashing = { ...workflows, upgrade: { ...upgradeWorkflow, steps: { ...upgradeWorkflow.steps, canary: dies } } };
    const op = await upgrade(
      ring.id,
      { toVersion: '5.0.2', workloads: ['read-heavy-80-20'] },
      new OperationRunner(app.services.workflowDeps, crashing),
    );
    expect(op.status).toBe('succeeded');
    expect(step(op, 'canary').attempts).toBe(2);
    const rounds = step(op, 'canary').checkpoint.rounds as Array<{ canary: Record<string, string> }>;
    expect(rounds[0]!.canary).toEqual(stored);
    const runs = await runsOf(ring.id, op);
    // One run a side per round, and the round before the change.
    expect(runs.filter((r) => r.phase === 'canary')).toHaveLength(rounds.length + CALIBRATION_ROUNDS);
    expect(runs.filter((r) => r.phase === 'baseline')).toHaveLength(rounds.length + CALIBRATION_ROUNDS);
  }, 300_000);
});
