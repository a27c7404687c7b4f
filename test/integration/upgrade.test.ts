import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { canaryOf, expectPairRuns } from '../helpers/canary-checks';
import { TerminalOperationStatuses, type FinishedOperationStatus, type Operation } from '../../services/core/types';

let app: TestApp;

beforeAll(async () => {
  // The gate's own tests meet simulated drift, as real benchmarks do: the noisy-evidence case needs it.
  app = await startTestApp({ config: { simulatorTimeScale: 2000, simulatorBenchmarkDrift: true } });
});
afterAll(async () => {
  await app?.stop();
});

async function createCluster(name: string, body: Record<string, unknown>) {
  const res = await app.api('/api/clusters', { method: 'POST', json: { name, owner: 'platform', environment: 'test', ...body } });
  expect(res.status).toBe(202);
  return eventually(async () => {
    const c = await app.ctx.repos.clusters.find(name);
    return c?.status === 'ACTIVE' ? c : undefined;
  }, 90_000);
}
async function upgrade(cluster: string, body: Record<string, unknown>): Promise<Operation> {
  const res = await app.api(`/api/clusters/${cluster}/upgrades`, { method: 'POST', json: { benchmarkSeconds: 5, ...body } });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  return eventually(
    async () => {
      const op = await app.ctx.repos.operations.get(id);
      return op && TerminalOperationStatuses.includes(op.status as FinishedOperationStatus) ? op : undefined;
    },
    120_000,
    250,
  );
}
type Decision = {
  verdict: string;
  reasons: string[];
  comparisons: Array<{
    workload: string;
    before: { p99Ms: number };
    after: { p99Ms: number };
    afterAttempts: number;
    paired?: { canary: string; baseline: string };
    verdict: { verdict: string; reasons: string[]; slices: { before: unknown[]; after: unknown[] }; p99: { interval: [number, number] } };
  }>;
};
const decisions = async (cluster: string) => (await (await app.api(`/api/clusters/${cluster}/upgrade-decisions`)).json()) as Decision[];

/**
 * Upgrades fresh clusters (`tryOne`), at most three, until one is held as `isHeld` says. Noisy
 * evidence is not noisy every time: a try that was not held must still be a finished upgrade with
 * no error of the code's own (a pass, a rollback, or a hold elsewhere).
 */
async function firstHeld<T extends { op: Operation }>(
  tryOne: (attempt: number) => Promise<T>,
  isHeld: (op: Operation) => boolean,
): Promise<T> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const tried = await tryOne(attempt);
    expect(['failed', 'succeeded', 'rolled_back']).toContain(tried.op.status);
    if (isHeld(tried.op)) return tried;
    expect(tried.op.error ?? '').not.toMatch(/Error:|\n\s+at /);
  }
  throw new Error('no upgrade of three was held');
}

/**
 * Makes a fresh Redis cluster and upgrades it to a kernel other than the one it runs, on evidence far
 * finer than drifting slices resolve: 1-second runs, a 1% threshold, the reads of `read-heavy-80-20`.
 */
async function upgradeToAnotherKernel(name: string, expectedDataGb: number) {
  const regions = (await (await app.api('/api/regions')).json()) as Array<{ name: string; kernels: string[] }>;
  const ring = await createCluster(name, { engine: 'redis', expectedDataGb, regions: ['us-east-1'] });
  const nodes = await app.ctx.repos.nodes.forCluster(ring.id);
  const running = nodes[0]!.kernelVersion;
  const kernel = regions.find((r) => r.name === 'us-east-1')!.kernels.find((k) => k !== running)!;
  const op = await upgrade(name, { kernelVersion: kernel, benchmarkSeconds: 1, thresholdPercent: 1, workloads: ['read-heavy-80-20'] });
  return { op, ring, nodes, running, kernel };
}

describe('benchmark-gated upgrades on the simulated cloud', () => {
  it('rolls every node to a version that performs as well, and records the passing comparison', async () => {
    const ring = await createCluster('gate-pass', { engine: 'cassandra', expectedDataGb: 30, regions: ['us-east-1'] });
    expect(ring.spec.version).toBe('4.1.6');
    const op = await upgrade('gate-pass', { toVersion: '5.0.2', workloads: ['read-heavy-80-20', 'balanced-50-50'] });
    expect(op.status).toBe('succeeded');
    const nodes = await app.ctx.repos.nodes.forCluster(ring.id);
    expect(nodes.every((n) => n.softwareVersion === '5.0.2')).toBe(true);
    expect(await app.ctx.repos.clusters.find('gate-pass')).toMatchObject({ status: 'ACTIVE', spec: { version: '5.0.2' } });
    const [decision] = await decisions('gate-pass');
    expect(decision!.verdict).toBe('pass');
    // Before and after the whole change, and (test/integration/upgrade-canary.test.ts) the reads at the canary beside a baseline.
    expect(decision!.comparisons.filter((c) => !c.paired).map((c) => c.workload)).toEqual(['read-heavy-80-20', 'balanced-50-50']);
    expect(decision!.comparisons.filter((c) => c.paired).map((c) => c.workload)).toEqual(['read-heavy-80-20', 'balanced-50-50']);
    const runs = await app.ctx.repos.benchmarkRuns.forCluster(ring.id);
    expect(runs.filter((r) => r.phase === 'before')).toHaveLength(2);
    expect(runs.filter((r) => r.phase === 'after').every((r) => r.clusterVersion === '5.0.2')).toBe(true);
  });

  it('refuses to keep a version whose p99 regresses: every node is rolled back and the evidence kept', async () => {
    // A cluster of one node has no canary pair: it is measured before and after the whole change (a
    // canary's regression, which rolls back the canary alone: upgrade-canary.test.ts).
    const ring = await createCluster('gate-fail', { engine: 'redis', expectedDataGb: 1, regions: ['us-east-1'], version: '7.2.6' });
    const op = await upgrade('gate-fail', { toVersion: '7.2.7', workloads: ['read-heavy-80-20'] });
    // A rollback that worked is its own outcome, not a failure; the gate's evidence is the reason.
    expect(op.status).toBe('rolled_back');
    expect(op.error).toMatch(
      /^regression: read-heavy-80-20: p99 \+[\d.]+% \(95% interval \+[\d.]+% to \+[\d.]+%, 20 slices before, 20 after\): over the 10% threshold and significant/,
    );
    expect(op.error).toMatch(/every node rolled back from version 7\.2\.7$/);
    expect(op.error).not.toMatch(/step rollback failed|attempts|Error:|\n\s+at /);
    expect(op.steps.map((s) => s.status)).toEqual(op.steps.map(() => 'done'));
    expect(op.steps.find((s) => s.name === 'roll-nodes')?.checkpoint.finished).toHaveLength(1);
    expect(op.steps.find((s) => s.name === 'preflight')?.checkpoint.canary).toBeNull();
    const json = (await (await app.api(`/api/operations/${op.id}`)).json()) as { status: string; statusReason: string };
    expect(json).toMatchObject({ status: 'rolled_back', statusReason: op.error });
    const listed = (await (await app.api('/api/operations?status=rolled_back')).json()) as Array<{ id: string }>;
    expect(listed.map((o) => o.id)).toContain(op.id);
    const audit = JSON.stringify(await app.ctx.repos.audit.forTarget('cluster', ring.id));
    expect(audit).toContain('operation.upgrade.rolled_back');
    expect(audit).not.toContain('operation.upgrade.failed');
    const nodes = await app.ctx.repos.nodes.forCluster(ring.id);
    expect(nodes.every((n) => n.softwareVersion === '7.2.6')).toBe(true);
    const after = await app.ctx.repos.clusters.find('gate-fail');
    expect(after).toMatchObject({ status: 'ACTIVE', spec: { version: '7.2.6' } });
    expect(after!.statusReason).toMatch(/^last upgrade rolled back: regression: /);
    const [decision] = await decisions('gate-fail');
    expect(decision!.verdict).toBe('regression');
    expect(decision!.comparisons[0]!.after.p99Ms).toBeGreaterThan(decision!.comparisons[0]!.before.p99Ms * 1.3);
  });

  it('does not roll back on evidence too noisy to judge: it measures the canary again, then holds the upgrade for a person', async () => {
    // A primary with one replica: the replica is the canary, the primary its baseline. A kernel
    // change the simulator does not slow down, judged on 1-second runs at a 1% threshold: far finer
    // than the drifting slices can resolve, though now and then the canary's interval lands under
    // the threshold by chance and the upgrade goes on to its before/after comparison of the writes.
    const { op, ring, running, kernel } = await firstHeld(
      (attempt) => upgradeToAnotherKernel(`gate-noisy-${attempt}`, 2),
      (op) => op.status === 'failed' && /held: inconclusive at the canary/.test(op.error ?? ''),
    );
    expect(op.status).toBe('failed');
    expect(op.error).toMatch(
      /: held: inconclusive at the canary after 2 reruns of the canary pair: read-heavy-80-20 reads at the canary: .*too noisy to tell/,
    );
    const pair = op.steps.find((s) => s.name === 'preflight')!.checkpoint.canary as { canary: string; baseline: string };
    expect(op.error).toContain(
      `not rolled back on noise: the canary ${pair.canary} keeps kernelVersion ${kernel}, the other nodes were not changed`,
    );
    expect(op.steps.find((s) => s.name === 'rollback')?.status).not.toBe('done');
    const nodes = await app.ctx.repos.nodes.forCluster(ring.id);
    expect(nodes.find((n) => n.name === pair.canary)!.kernelVersion).toBe(kernel);
    expect(nodes.find((n) => n.name === pair.baseline)!.kernelVersion).toBe(running);
    const audit = JSON.stringify(await app.ctx.repos.audit.forTarget('cluster', ring.id));
    expect(audit).not.toContain('operation.upgrade.rolled_back');
    // The canary was read three times before the change (calibration) and three after (the first
    // round and two reruns), each beside its baseline.
    const runs = (await app.ctx.repos.benchmarkRuns.forCluster(ring.id)).filter((r) => r.operationId === op.id);
    expect(runs.filter((r) => r.phase === 'canary')).toHaveLength(6);
    expect(runs.filter((r) => r.phase === 'baseline')).toHaveLength(6);
  });

  it('with no canary pair (one node), too noisy to judge: it runs the after-benchmark again, then holds the upgrade on the new version', async () => {
    // A kernel change the simulator does not slow down, on 1-second runs (4 slices a side) at a 1%
    // threshold. Such evidence is not always too noisy: the gate's interval lands under the
    // threshold by chance in about 2% of such upgrades (a pass) and a significant drift over it in
    // about 0.3% (a rollback): measured offline on 300 of them. Either is a finished upgrade, not an
    // error; a fresh one-node cluster is tried until one is held (none of three held: about one run
    // in 80,000).
    const { op, ring, kernel } = await firstHeld(
      async (attempt) => {
        const tried = await upgradeToAnotherKernel(`gate-noisy-one-${attempt}`, 1);
        expect(tried.nodes).toHaveLength(1);
        return tried;
      },
      (op) => op.status === 'failed',
    );
    const { id: clusterId, name } = ring;
    expect(op.steps.find((s) => s.name === 'preflight')?.checkpoint.canary).toBeNull();
    expect(op.error).toMatch(/: held: inconclusive after 2 reruns of the after-benchmark: read-heavy-80-20: .*too noisy to tell/);
    expect(op.error).toMatch(/not rolled back on noise: every node keeps kernelVersion /);
    expect(op.steps.find((s) => s.name === 'rollback')?.status).not.toBe('done');
    // Every node has the change and the cluster's record says so; the reason tells the team why.
    expect((await app.ctx.repos.nodes.forCluster(clusterId)).every((n) => n.kernelVersion === kernel)).toBe(true);
    expect((await app.ctx.repos.clusters.find(name))!.statusReason).toMatch(/^last upgrade held: inconclusive/);
    const audit = JSON.stringify(await app.ctx.repos.audit.forTarget('cluster', clusterId));
    expect(audit).not.toContain('operation.upgrade.rolled_back');
    const [decision] = await decisions(name);
    expect(decision!.verdict).toBe('inconclusive');
    const [comparison] = decision!.comparisons;
    // The after side was measured three times (the first run and two reruns), its slices pooled
    // against the one before run.
    expect(comparison!.afterAttempts).toBe(3);
    expect(comparison!.verdict.slices.before).toHaveLength(4);
    expect(comparison!.verdict.slices.after).toHaveLength(12);
    const [low, high] = comparison!.verdict.p99.interval;
    expect(high - low).toBeGreaterThan(4);
    const runs = (await app.ctx.repos.benchmarkRuns.forCluster(clusterId)).filter((r) => r.operationId === op.id);
    expect(runs.filter((r) => r.phase === 'before')).toHaveLength(1);
    expect(runs.filter((r) => r.phase === 'after')).toHaveLength(3);
  });

  it('refuses a version off the upgrade paths, or nothing to change, with a 400 and no operation', async () => {
    const before = (await app.ctx.repos.operations.list({ type: 'upgrade', limit: 100 })).length;
    const skip = await app.api('/api/clusters/gate-pass/upgrades', { method: 'POST', json: { toVersion: '3.11.16' } });
    expect(skip.status).toBe(400);
    expect(((await skip.json()) as { error: { message: string } }).error.message).toMatch(/cannot be upgraded to 3.11.16/);
    expect((await app.api('/api/clusters/gate-pass/upgrades', { method: 'POST', json: {} })).status).toBe(400);
    expect((await app.api('/api/clusters/gate-pass/upgrades', { method: 'POST', json: { toVersion: '5.0.2', oops: 1 } })).status).toBe(400);
    expect((await app.ctx.repos.operations.list({ type: 'upgrade', limit: 100 })).length).toBe(before);
  });
});

describe('a real minor upgrade', () => {
  it('moves a local PostgreSQL primary and its replica from 15.14 to 15.20 with the data kept', async () => {
    // The loosest SLA: the gate's hard SLA limit is not what this test is about, and a loaded machine's p99 has passed 1 s here.
    const db = await createCluster('pg-minor', {
      engine: 'postgres',
      expectedDataGb: 1,
      regions: ['local'],
      version: '15.14',
      sla: { p99ReadMs: 60_000, p99WriteMs: 60_000, availability: 99.9 },
    });
    // Read before the upgrade: the roles switch during it.
    const nodesBefore = await app.ctx.repos.nodes.forCluster(db.id);
    const primary = nodesBefore.find((n) => n.role === 'primary')!;
    const replica = nodesBefore.find((n) => n.role !== 'primary')!;
    const password = await app.ctx.repos.clusters.password(db.id);
    const connect = async () => {
      const client = new pg.Client({ host: primary.host!, port: primary.port!, user: 'datafleet', password, database: 'postgres' });
      await client.connect();
      return client;
    };
    const writer = await connect();
    await writer.query('CREATE TABLE invoices (id int PRIMARY KEY, state text)');
    await writer.query("INSERT INTO invoices VALUES (7, 'paid')");
    await writer.end();

    const op = await upgrade('pg-minor', { toVersion: '15.20', force: true, workloads: ['balanced-50-50'], thresholdPercent: 500 });
    const steps = op.steps.map(({ name, status, attempts, error }) => ({ name, status, attempts, error }));
    expect(op.error, JSON.stringify(steps)).toBeNull();
    expect(op.status).toBe('succeeded');
    // Judged at its canary: the replica changed first and read beside the primary, still on 15.14.
    const { pair, canary } = canaryOf(op, nodesBefore);
    expect(pair).toEqual({ canary: replica.name, baseline: primary.name });
    expect(canary.verdict).toBe('pass');
    expect(canary.comparisons[0]!.verdict.p99.design).toBe('paired');
    const pairRuns = await expectPairRuns(app, db.id, op);
    const changed = pairRuns.filter((r) => r.phase === 'canary' && r.clusterVersion === '15.20');
    expect(changed.length).toBeGreaterThan(0);
    for (const run of changed) expect(run.nodeVersions.find((n) => n.node === primary.name)?.version).toBe('15.14');
    const reader = await connect();
    expect((await reader.query('SHOW server_version')).rows[0].server_version).toMatch(/^15\.20/);
    expect((await reader.query('SELECT state FROM invoices WHERE id = 7')).rows[0].state).toBe('paid');
    await reader.end();
    expect((await app.ctx.repos.nodes.forCluster(db.id)).every((n) => n.softwareVersion === '15.20')).toBe(true);
  });
});
