import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
  for (const [name, engine] of [
    ['sessions', 'memcached'],
    ['carts', 'redis'],
    ['orders', 'cassandra'],
  ] as const) {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: { name, engine, owner: 'platform', expectedDataGb: 5, regions: ['us-east-1'], environment: 'test' },
    });
    expect(res.status).toBe(202);
  }
  await app.ctx.repos.clusters.setStatus((await app.ctx.repos.clusters.find('carts'))!.id, 'ACTIVE', null);
});
afterAll(async () => {
  await app?.stop();
});

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;

describe('backup requests that cannot be served', () => {
  it('memcached has nothing to back up: its catalog says so and a backup request is a 400 saying why', async () => {
    const engines = (await (await app.api('/api/engines')).json()) as Array<{
      name: string;
      backup: { supported: boolean; method: string };
    }>;
    expect(engines.find((e) => e.name === 'memcached')?.backup).toMatchObject({ supported: false, method: /nothing to back up/ });
    expect(engines.find((e) => e.name === 'postgres')?.backup).toMatchObject({ supported: true, pointInTime: true });
    const res = await app.api('/api/clusters/sessions/backups', { method: 'POST', json: {} });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/memcached cluster sessions has nothing to back up/);
    expect((await app.api('/api/clusters/sessions/backup-policy')).status).toBe(400);
  });

  it('a provider that cannot back up refuses with a 422 naming the capability', async () => {
    const res = await app.api('/api/clusters/carts/backups', { method: 'POST', json: {} });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.details.missingCapability).toBe('backsUpData');
    expect(await app.ctx.repos.backups.forCluster((await app.ctx.repos.clusters.find('carts'))!.id)).toEqual([]);
  });

  it('a kind the engine does not take, and a point in time for an engine without one, are 400s', async () => {
    const kind = await app.api('/api/clusters/carts/backups', { method: 'POST', json: { kind: 'incr' } });
    expect(kind.status).toBe(400);
    expect((await errorOf(kind)).message).toMatch(/redis backups are snapshot; not incr/);
    const pitr = await app.api('/api/clusters/carts/restore', {
      method: 'POST',
      json: { name: 'carts-asof', to: new Date().toISOString() },
    });
    expect(pitr.status).toBe(400);
    expect((await errorOf(pitr)).message).toMatch(/not to a point in time/);
    const none = await app.api('/api/clusters/carts/restore', { method: 'POST', json: { name: 'carts-copy' } });
    expect(none.status).toBe(422);
    expect((await errorOf(none)).message).toMatch(/no succeeded backup/);
  });
});

describe('backup policies', () => {
  it("default to the engine's best practice and are changed by the owning team or the platform team only", async () => {
    const orders = (await (await app.api('/api/clusters/orders/backup-policy')).json()) as Record<string, unknown>;
    expect(orders).toMatchObject({ isDefault: true, kind: 'snapshot', frequencyHours: 24, retentionDays: 7, recoverableFrom: null });
    const carts = (await (await app.api('/api/clusters/carts/backup-policy')).json()) as Record<string, unknown>;
    expect(carts).toMatchObject({ isDefault: true, kind: 'snapshot', frequencyHours: 6 });

    const policy = {
      enabled: true,
      frequencyHours: 12,
      kind: 'snapshot',
      fullEveryDays: 1,
      retentionDays: 3,
      windowStartHour: 22,
      windowHours: 6,
    };
    const other = apiClient(app.url, await teamWithToken(app, 'checkout'));
    expect((await other('/api/clusters/carts/backup-policy', { method: 'PUT', json: policy })).status).toBe(403);
    const wrongKind = await app.api('/api/clusters/carts/backup-policy', { method: 'PUT', json: { ...policy, kind: 'full' } });
    expect(wrongKind.status).toBe(400);
    const outOfRange = await app.api('/api/clusters/carts/backup-policy', { method: 'PUT', json: { ...policy, windowStartHour: 24 } });
    expect(outOfRange.status).toBe(400);
    const set = await app.api('/api/clusters/carts/backup-policy', { method: 'PUT', json: policy });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ ...policy, isDefault: false, updatedBy: expect.stringMatching(/^platform\//) });
    expect(await (await app.api('/api/clusters/carts/backup-policy')).json()).toMatchObject({ frequencyHours: 12, isDefault: false });
  });
});
