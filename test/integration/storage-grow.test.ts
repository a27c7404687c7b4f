import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded } from '../helpers/cluster-waits';
import { teamWithToken } from '../helpers/teams';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';
import { runStorageScan } from '../../services/storage/storage-scan';

interface ClusterJson {
  id: string;
  usableCapacityGb: number;
  instanceType: string;
  nodes: Array<{ name: string }>;
}
interface OperationJson {
  id: string;
  type: string;
  status: string;
  requestedBy: string;
  params: Record<string, unknown>;
}

const DAY_MS = 86_400_000;
let app: TestApp;
let ownerToken: string;
let otherToken: string;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

const create = async (name: string, engine: string, expectedDataGb: number): Promise<ClusterJson> => {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, engine, owner: 'orders', expectedDataGb, regions: ['us-east-1'], environment: 'prod' },
  });
  expect(res.status).toBe(202);
  // No maintenance window: what is scheduled runs at once, so the test sees it finish.
  expect((await app.api(`/api/clusters/${name}`, { method: 'PATCH', json: { maintenanceWindow: null } })).status).toBe(200);
  return untilActive<ClusterJson>(app, name);
};
const scan = () => runStorageScan(app.ctx, { grow: app.services.growStorage, policies: app.services.storagePolicyRepository });
const diskOf = async (clusterId: string) =>
  (
    await app.ctx.pool.query<{ disk_gb: string | null }>(
      `SELECT disk_gb FROM sim_instances WHERE cluster_id = $1 AND terminated_at IS NULL ORDER BY name`,
      [clusterId],
    )
  ).rows.map((r) => (r.disk_gb === null ? null : Number(r.disk_gb)));
/**
 * What a storage request could record: grow operations, their audit events and policies. The rest
 * of the fleet lives on meanwhile (the simulated cloud's failures are remediated by operations of
 * their own), so the counts are of storage's records only.
 */
const counts = async () =>
  (
    await app.ctx.pool.query(
      `SELECT (SELECT count(*) FROM operations WHERE type = 'grow_storage') AS ops,
              (SELECT count(*) FROM audit_events WHERE action LIKE 'cluster.grow_storage%' OR action = 'cluster.storage_policy') AS audit,
              (SELECT count(*) FROM storage_policies) AS policies`,
    )
  ).rows[0] as Record<string, string>;

let orders: ClusterJson;
let cache: ClusterJson;
let logs: ClusterJson;
beforeAll(async () => {
  app = await startTestApp();
  ownerToken = await teamWithToken(app, 'orders');
  otherToken = await teamWithToken(app, 'billing');
  orders = await create('orders-pg', 'postgres', 50);
  cache = await create('orders-cache', 'redis', 5);
  logs = await create('orders-logs', 'cassandra', 100);
}, 180_000);
afterAll(async () => {
  await app?.stop();
});

describe('automatic storage policy', () => {
  it('schedules a grow ahead of the forecast exhaustion date on the simulated cloud, audited as automatic, and runs it', async () => {
    const typeDisk = app.ctx.regions.instanceTypes.get(orders.instanceType)!.diskGb;
    await seedDailyRollups(app.ctx.pool, orders.id, { capacityGb: orders.usableCapacityGb, fill: growingTowards(20) });
    const forecast = await json<{ exhaustionAt: string }>(await app.api('/api/clusters/orders-pg/forecast', { method: 'POST' }));
    expect(Date.parse(forecast.exhaustionAt)).toBeLessThan(Date.now() + 30 * DAY_MS);

    // Off until the team opts in: nothing is scheduled.
    expect((await scan()).started).toEqual([]);
    const policy = await app.api('/api/clusters/orders-pg/storage-policy', {
      method: 'PUT',
      token: ownerToken,
      json: { enabled: true, growByPercent: 50, leadDays: 30, maxDiskGb: typeDisk * 4 },
    });
    expect(policy.status).toBe(200);
    expect(await policy.json()).toMatchObject({ enabled: true, stored: true, currentDiskGb: typeDisk, updatedBy: 'orders/orders-ci' });

    expect((await scan()).started).toEqual(['orders-pg']);
    const ops = await json<OperationJson[]>(await app.api('/api/operations?clusterId=' + orders.id + '&type=grow_storage'));
    const grow = ops.find((o) => o.type === 'grow_storage')!;
    expect(grow.requestedBy).toBe('datafleet/storage-policy');
    expect(grow.params).toMatchObject({ diskGb: Math.ceil(typeDisk * 1.5), fromDiskGb: typeDisk, automatic: true });
    const audit = await app.ctx.pool.query(`SELECT actor, reason FROM audit_events WHERE target_id = $1 AND action = $2`, [
      orders.id,
      'cluster.grow_storage.automatic',
    ]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].reason).toContain(`runs out on ${forecast.exhaustionAt.slice(0, 10)}`);
    // The grow still open: the next pass does not ask again.
    expect((await scan()).started).toEqual([]);

    await untilSucceeded(app, grow.id, 90_000);
    expect(await diskOf(orders.id)).toEqual(orders.nodes.map(() => Math.ceil(typeDisk * 1.5)));
    const after = await json<ClusterJson & { diskGb?: number }>(await app.api('/api/clusters/orders-pg'));
    expect(after.usableCapacityGb).toBeCloseTo(orders.usableCapacityGb * (Math.ceil(typeDisk * 1.5) / typeDisk), 1);
    const moved = await json<{ exhaustionAt: string | null }>(await app.api('/api/clusters/orders-pg/forecast'));
    expect(moved.exhaustionAt === null || Date.parse(moved.exhaustionAt) > Date.parse(forecast.exhaustionAt)).toBe(true);
  }, 180_000);
});

describe('grow storage on demand', () => {
  it('previews the change and its cost, then grows every node of a cassandra cluster', async () => {
    const typeDisk = app.ctx.regions.instanceTypes.get(logs.instanceType)!.diskGb;
    const before = await counts();
    const preview = await app.api('/api/clusters/orders-logs/storage?dryRun=true', {
      method: 'POST',
      token: ownerToken,
      json: { diskGb: typeDisk * 2 },
    });
    expect(preview.status).toBe(200);
    const body = await json<{ preview: { nodes: number; diskGb: { from: number; to: number }; monthlyCostUsd: { difference: number } } }>(
      preview,
    );
    expect(body.preview).toMatchObject({ nodes: logs.nodes.length, diskGb: { from: typeDisk, to: typeDisk * 2 } });
    expect(body.preview.monthlyCostUsd.difference).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);

    const res = await app.api('/api/clusters/orders-logs/storage', {
      method: 'POST',
      token: ownerToken,
      json: { diskGb: typeDisk * 2, urgent: true },
    });
    expect(res.status).toBe(202);
    const { operation } = await json<{ operation: OperationJson }>(res);
    await untilSucceeded(app, operation.id, 90_000);
    expect(await diskOf(logs.id)).toEqual(logs.nodes.map(() => typeDisk * 2));
  }, 120_000);

  it('refuses bad input, another team and a memory-bound engine, recording nothing', async () => {
    const typeDisk = app.ctx.regions.instanceTypes.get(orders.instanceType)!.diskGb;
    const before = await counts();
    const grow = (ref: string, body: unknown, token = ownerToken) =>
      app.api(`/api/clusters/${ref}/storage`, { method: 'POST', token, json: body });
    const shrink = await grow('orders-pg', { diskGb: typeDisk });
    expect(shrink.status).toBe(400);
    expect(((await shrink.json()) as { error: { message: string } }).error.message).toMatch(/a disk only grows/);
    expect((await grow('orders-pg', { diskGb: 'big' })).status).toBe(400);
    expect((await grow('orders-pg', { diskGb: 100_000 })).status).toBe(400);
    expect((await grow('orders-pg', { diskGb: typeDisk * 8, extra: 1 })).status).toBe(400);
    expect((await grow('orders-pg', { diskGb: typeDisk * 8 }, otherToken)).status).toBe(403);
    const memory = await grow('orders-cache', { diskGb: 10_000 });
    expect(memory.status).toBe(422);
    expect(((await memory.json()) as { error: { message: string } }).error.message).toMatch(/in memory/);
    expect((await grow('no-such-cluster', { diskGb: 1000 })).status).toBe(404);

    const put = (body: unknown, token = ownerToken) =>
      app.api('/api/clusters/orders-pg/storage-policy', { method: 'PUT', token, json: body });
    expect((await put({ enabled: true, growByPercent: 20, leadDays: 30, maxDiskGb: 1 })).status).toBe(400);
    expect((await put({ enabled: true, growByPercent: 0, leadDays: 30, maxDiskGb: 99_999 })).status).toBe(400);
    expect((await put({ enabled: true, growByPercent: 20, leadDays: 30 })).status).toBe(400);
    expect((await put({ enabled: false, growByPercent: 20, leadDays: 30, maxDiskGb: 5000 }, otherToken)).status).toBe(403);
    expect(
      (
        await app.api('/api/clusters/orders-cache/storage-policy', {
          method: 'PUT',
          json: { enabled: true, growByPercent: 20, leadDays: 30, maxDiskGb: 5000 },
        })
      ).status,
    ).toBe(422);
    expect(await counts()).toEqual(before);
    // The two refused mutations of another team are in the audit trail, as every refusal is.
    const refused = await app.ctx.pool.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE target_id = $1 AND action LIKE 'refused %'`,
      [orders.id],
    );
    expect(refused.rows[0].n).toBeGreaterThanOrEqual(2);
  });
});

describe('apply what-if advice', () => {
  it('turns a disk-bound cluster’s advice into exactly that grow; node-count advice into that scale, instance-type advice into that resize', async () => {
    const whatIf = await json<{ scaleTo: { diskGb?: number } | null; message: string }>(
      await app.api('/api/clusters/orders-pg/forecast/what-if', { method: 'POST', json: { writesPercent: 400 } }),
    );
    expect(whatIf.scaleTo?.diskGb).toBeGreaterThan(0);
    expect(whatIf.message).toMatch(/grow storage to \d+ GB per node by/);
    const applied = await app.api('/api/clusters/orders-pg/forecast/what-if/apply', {
      method: 'POST',
      token: ownerToken,
      json: { writesPercent: 400, urgent: true },
    });
    expect(applied.status).toBe(202);
    const body = await json<{ kind: string; operation: OperationJson }>(applied);
    expect(body.kind).toBe('grow_storage');
    expect(body.operation.params.diskGb).toBe(whatIf.scaleTo!.diskGb);
    await untilSucceeded(app, body.operation.id, 90_000);

    expect(
      (await app.api('/api/clusters/orders-pg/forecast/what-if/apply', { method: 'POST', token: otherToken, json: { writesPercent: 400 } }))
        .status,
    ).toBe(403);

    await seedDailyRollups(app.ctx.pool, logs.id, { capacityGb: logs.usableCapacityGb, fill: growingTowards(60) });
    // A node count becomes a scale to exactly that count, an instance type a resize to exactly that type.
    const logsAdvice = await json<{ scaleTo: { nodesPerRegion?: number } | null }>(
      await app.api('/api/clusters/orders-logs/forecast/what-if', { method: 'POST', json: { writesPercent: 30 } }),
    );
    const scale = await app.api('/api/clusters/orders-logs/forecast/what-if/apply', { method: 'POST', json: { writesPercent: 30 } });
    expect(scale.status).toBe(202);
    const scaled = await json<{ kind: string; operation: { params: { nodesPerRegion: number } } }>(scale);
    expect(scaled.kind).toBe('scale');
    expect(scaled.operation.params.nodesPerRegion).toBe(logsAdvice.scaleTo!.nodesPerRegion);
    await seedDailyRollups(app.ctx.pool, cache.id, { capacityGb: cache.usableCapacityGb, fill: growingTowards(60) });
    const cacheAdvice = await json<{ scaleTo: { instanceType?: string } | null }>(
      await app.api('/api/clusters/orders-cache/forecast/what-if', { method: 'POST', json: { writesPercent: 30 } }),
    );
    const resize = await app.api('/api/clusters/orders-cache/forecast/what-if/apply', { method: 'POST', json: { writesPercent: 30 } });
    expect(resize.status).toBe(202);
    const resized = await json<{ kind: string; operation: { params: { instanceType: string } } }>(resize);
    expect(resized.kind).toBe('resize');
    expect(resized.operation.params.instanceType).toBe(cacheAdvice.scaleTo!.instanceType);
    await eventually(async () => (await app.ctx.repos.operations.get(body.operation.id))?.status === 'succeeded');
  }, 180_000);
});
