import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive } from '../helpers/cluster-waits';
import { teamWithToken } from '../helpers/teams';
import { runCli } from '../../services/cli/main';
import { TerminalOperationStatuses, type FinishedOperationStatus, type Operation } from '../../services/core/types';

let app: TestApp;
let ownerToken: string;
let otherToken: string;

beforeAll(async () => {
  app = await startTestApp();
  ownerToken = await teamWithToken(app, 'ledger');
  otherToken = await teamWithToken(app, 'search');
});
afterAll(async () => {
  for (const name of ['sc-ring', 'sc-big-ring', 'sc-pg', 'rs-pg', 'rs-redis'])
    await app?.api(`/api/clusters/${name}`, { method: 'DELETE' }).catch(() => undefined);
  await app?.stop();
});

type Problem = { path: string; message: string; [k: string]: unknown };
type Answer = { preview: Record<string, unknown>; operation?: { id: string } } & { error?: { message: string; details: Problem[] } };

const post = async (path: string, body: unknown, token: string | null = ownerToken) => {
  const res = await app.api(path, { method: 'POST', token, json: body });
  return { status: res.status, body: (await res.json()) as Answer };
};

async function create(name: string, engine: string, expectedDataGb: number): Promise<{ id: string }> {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    token: ownerToken,
    json: { name, owner: 'ledger', engine, expectedDataGb, regions: ['us-east-1'], environment: 'test' },
  });
  expect(res.status).toBe(202);
  return untilActive(app, name);
}

async function finished(id: string): Promise<Operation> {
  return eventually(
    async () => {
      const op = await app.ctx.repos.operations.get(id);
      return op && TerminalOperationStatuses.includes(op.status as FinishedOperationStatus) ? op : undefined;
    },
    120_000,
    250,
  );
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: ownerToken },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

const liveNodes = async (clusterId: string) => app.ctx.repos.nodes.forCluster(clusterId);

describe('scale out and in on the simulated provider', () => {
  it('previews and applies a scale-out then a scale-in of a ring, data moved off the leaving nodes first', async () => {
    const cluster = await create('sc-ring', 'cassandra', 100);
    const record = (await app.ctx.repos.clusters.find('sc-ring'))!;
    expect(record.spec.nodesPerRegion).toBe(3);

    const dry = await post('/api/clusters/sc-ring/scale?dryRun=true', { nodes: 6 });
    expect(dry.status).toBe(200);
    const preview = dry.body.preview as {
      direction: string;
      nodes: { before: number; after: number };
      capacityGb: { before: number; after: number };
      monthlyCostUsd: { before: number; after: number; difference: number };
      leaving: unknown[];
    };
    expect(preview).toMatchObject({ direction: 'out', nodes: { before: 3, after: 6 }, leaving: [] });
    expect(preview.capacityGb.after).toBeCloseTo(preview.capacityGb.before * 2, 1);
    expect(preview.monthlyCostUsd.after).toBeCloseTo(preview.monthlyCostUsd.before * 2, 0);
    expect(preview.monthlyCostUsd.difference).toBeGreaterThan(0);
    expect(await liveNodes(cluster.id)).toHaveLength(3);
    const cliDry = await cli('clusters', 'scale', 'sc-ring', '--nodes', '6', '--dry-run');
    expect(cliDry.code, cliDry.err).toBe(0);
    expect(cliDry.out).toMatch(/sc-ring: scale out from 3 to 6 nodes\n {2}capacity: [\d.]+ → [\d.]+ GB per region/);
    expect(cliDry.out).toMatch(/monthly cost: \$[\d.]+ → \$[\d.]+ \(\+[\d.]+\)/);
    const cliRefused = await cli('clusters', 'scale', 'sc-ring', '--nodes', '2', '--urgent');
    expect(cliRefused.code).not.toBe(0);
    expect(cliRefused.err).toMatch(/below the 3/);
    expect(await liveNodes(cluster.id)).toHaveLength(3);

    const out = await post('/api/clusters/sc-ring/scale', { nodes: 6, urgent: true });
    expect(out.status).toBe(202);
    expect((await finished(out.body.operation!.id)).status).toBe('succeeded');
    expect(await liveNodes(cluster.id)).toHaveLength(6);
    const grown = (await app.ctx.repos.clusters.find('sc-ring'))!;
    expect(grown.spec).toMatchObject({ nodesPerRegion: 6, usableCapacityGb: preview.capacityGb.after });
    expect(grown.monthlyCostUsd).toBeCloseTo(preview.monthlyCostUsd.after, 0);

    const inDry = await post('/api/clusters/sc-ring/scale?dryRun=true', { nodes: 3 });
    expect(inDry.status).toBe(200);
    const leaving = (inDry.body.preview as { leaving: Array<{ name: string; zone: string }> }).leaving;
    expect(leaving).toHaveLength(3);
    // One leaves each zone: the ring keeps a copy per zone.
    expect(new Set(leaving.map((n) => n.zone)).size).toBe(3);

    const scaledIn = await post('/api/clusters/sc-ring/scale', { nodes: 3, urgent: true });
    expect(scaledIn.status).toBe(202);
    const op = await finished(scaledIn.body.operation!.id);
    expect(op.status).toBe('succeeded');
    const drain = op.steps.find((s) => s.name === 'drain-nodes')!;
    expect(drain.checkpoint.startedAt).toEqual(expect.any(Number));
    const left = await liveNodes(cluster.id);
    expect(left.map((n) => n.name).sort()).not.toEqual(expect.arrayContaining(leaving.map((n) => n.name)));
    expect(left).toHaveLength(3);
    expect((await app.ctx.repos.clusters.find('sc-ring'))!.spec.nodesPerRegion).toBe(3);

    const audit = await app.ctx.pool.query(`SELECT actor FROM audit_events WHERE target_id = $1 AND action = 'cluster.scale'`, [
      cluster.id,
    ]);
    expect(audit.rowCount).toBe(2);
  }, 240_000);

  it('refuses, with the numbers and changing nothing, a scale-in below the minimum, off the zone step, over the fill limit, or by another team', async () => {
    const cluster = await create('sc-big-ring', 'cassandra', 3000);
    const record = (await app.ctx.repos.clusters.find('sc-big-ring'))!;
    const opsBefore = (await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length;
    const refused = async (body: unknown, pattern: RegExp, token: string | null = ownerToken) => {
      const res = await post('/api/clusters/sc-big-ring/scale', body, token);
      expect(res.status, JSON.stringify(res.body)).toBe(token === otherToken ? 403 : 400);
      expect(res.body.error!.message).toMatch(pattern);
      return res.body.error!.details[0];
    };
    const below = await refused({ nodes: 2, urgent: true }, /2 node\(s\) per region is below the 3/);
    expect(below).toMatchObject({ minimumNodesPerRegion: 3, replicationFactor: 3 });
    await refused({ nodes: record.spec.nodesPerRegion + 1 }, /steps of 3 per region/);
    await refused({ nodes: record.spec.nodesPerRegion }, /nothing changes/);
    const full = await refused({ nodes: 3, urgent: true }, /fill limit, less than the [\d.]+ GB the cluster holds/);
    expect(full!.capacityAfterGb as number).toBeLessThan(full!.dataGb as number);
    await refused({ nodes: 3, urgent: true, extra: 1 }, /extra/);
    await refused({ nodes: 12, urgent: true }, /may not change/, otherToken);
    expect((await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length).toBe(opsBefore);
    expect(await liveNodes(cluster.id)).toHaveLength(record.spec.nodesPerRegion);
  }, 240_000);
});

describe('resize on the simulated provider', () => {
  it('previews the cost, resizes every node replicas first, refuses a type too small for the data, and holds a change for the window', async () => {
    const cluster = await create('sc-pg', 'postgres', 400);
    const record = (await app.ctx.repos.clusters.find('sc-pg'))!;
    const bigger = record.spec.instanceType === 'i3.2xlarge' ? 'i3.4xlarge' : 'i3.2xlarge';
    const dry = await post('/api/clusters/sc-pg/resize?dryRun=true', { instanceType: bigger });
    expect(dry.status).toBe(200);
    const preview = dry.body.preview as {
      order: Array<{ role: string }>;
      capacityGb: { before: number; after: number };
      monthlyCostUsd: { difference: number; after: number };
    };
    expect(preview.order.at(-1)!.role).toBe('primary');
    expect(preview.capacityGb.after).toBeGreaterThan(preview.capacityGb.before);
    expect(preview.monthlyCostUsd.difference).toBeGreaterThan(0);
    const cliDry = await cli('clusters', 'resize', 'sc-pg', '--instance-type', bigger, '--dry-run');
    expect(cliDry.code, cliDry.err).toBe(0);
    expect(cliDry.out).toMatch(
      new RegExp(`sc-pg: resize from ${record.spec.instanceType} to ${bigger}, one node at a time\n {2}order: .*\\(primary\\)`),
    );

    const tooSmall = await post('/api/clusters/sc-pg/resize', { instanceType: 'm5.large', urgent: true });
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.body.error!.message).toMatch(
      /m5.large holds 60 GB per region within the 60% fill limit of its disk, less than the [\d.]+ GB/,
    );
    const unknown = await post('/api/clusters/sc-pg/resize', { instanceType: 'z9.huge' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error!.details[0]!.allowed).toContain('m5.xlarge');
    expect((await post('/api/clusters/sc-pg/resize', { instanceType: bigger }, otherToken)).status).toBe(403);

    const resized = await post('/api/clusters/sc-pg/resize', { instanceType: bigger, urgent: true });
    expect(resized.status).toBe(202);
    const resizeOp = await finished(resized.body.operation!.id);
    expect(resizeOp.status).toBe('succeeded');
    const nodes = await liveNodes(cluster.id);
    expect(nodes.map((n) => n.instanceType)).toEqual(nodes.map(() => bigger));
    const after = (await app.ctx.repos.clusters.find('sc-pg'))!;
    expect(after.spec).toMatchObject({ instanceType: bigger, usableCapacityGb: preview.capacityGb.after });
    expect(after.monthlyCostUsd).toBeCloseTo(preview.monthlyCostUsd.after, 0);

    // Not urgent: held until the cluster's maintenance window, then cancelled here.
    const held = await post('/api/clusters/sc-pg/resize', { instanceType: record.spec.instanceType });
    expect(held.status, JSON.stringify(held.body)).toBe(202);
    const heldOp = (await app.ctx.repos.operations.get(held.body.operation!.id))!;
    if ((held.body.preview as { notBefore: string | null }).notBefore) {
      expect(heldOp.params).toMatchObject({ notBefore: expect.any(String) });
      expect(heldOp.status).toBe('pending');
    }
    await app.api(`/api/operations/${heldOp.id}/cancel`, { method: 'POST', json: {} });
    await finished(heldOp.id);
  }, 240_000);
});

async function succeeded(path: string, body: object): Promise<void> {
  const answer = await post(path, { ...body, urgent: true });
  expect(answer.status).toBe(202);
  const op = await finished(answer.body.operation!.id);
  expect(op.status, op.error ?? '').toBe('succeeded');
}

const settingsOf = async (name: string) => (await app.ctx.repos.clusters.find(name))!.spec.settings;
const memoryGbOf = (instanceType: string) => app.ctx.regions.instanceTypes.get(instanceType)!.memoryGb;

describe('resize recomputes the settings that follow the size (simulated cloud)', () => {
  it('PostgreSQL: shared_buffers and effective_cache_size follow the new type; a work_mem the team set and max_connections stay', async () => {
    await create('rs-pg', 'postgres', 400);
    const before = (await app.ctx.repos.clusters.find('rs-pg'))!;
    const bigger = before.spec.instanceType === 'i3.2xlarge' ? 'i3.4xlarge' : 'i3.2xlarge';
    await succeeded('/api/clusters/rs-pg/settings', { settings: { work_mem: 48 } });
    await succeeded('/api/clusters/rs-pg/resize', { instanceType: bigger });
    const memoryGb = memoryGbOf(bigger);
    const after = await settingsOf('rs-pg');
    expect(after).toMatchObject({
      shared_buffers: `${Math.floor(memoryGb * 0.25 * 1024)}MB`,
      effective_cache_size: `${Math.floor(memoryGb * 0.75 * 1024)}MB`,
      work_mem: '48MB',
      max_connections: before.spec.settings.max_connections,
    });
    expect(after.shared_buffers).not.toBe(before.spec.settings.shared_buffers);
  }, 240_000);

  it('Redis: maxmemory follows each resize until the team sets it, then stays as set', async () => {
    await create('rs-redis', 'redis', 4);
    const first = (await app.ctx.repos.clusters.find('rs-redis'))!;
    const other = first.spec.instanceType === 'r5.xlarge' ? 'r5.2xlarge' : 'r5.xlarge';
    await succeeded('/api/clusters/rs-redis/resize', { instanceType: other });
    const resized = await settingsOf('rs-redis');
    expect(resized.maxmemory).toBe(`${Math.round(memoryGbOf(other) * 0.7 * 1024)}mb`);
    expect(resized['maxmemory-policy']).toBe('noeviction');

    await succeeded('/api/clusters/rs-redis/settings', { settings: { maxmemory: 2048 } });
    await succeeded('/api/clusters/rs-redis/resize', { instanceType: first.spec.instanceType });
    const back = await settingsOf('rs-redis');
    expect(back.maxmemory).toBe('2048mb');
    // What the team did not set still follows the size.
    expect(back['repl-backlog-size']).toBe(first.spec.settings['repl-backlog-size']);
  }, 240_000);
});
