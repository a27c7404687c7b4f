import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * A client that retries in parallel (or several people at once) gets one operation, not one per
 * request: decommissions and identical upgrades.
 */
let app: TestApp;
beforeAll(async () => {
  // The API alone: operations stay pending, which is when duplicates used to be recorded.
  app = await startTestApp({ roles: ['api'] });
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

describe('concurrent decommissions of one cluster', () => {
  it('all answer 202 with the same operation, and only one is recorded and audited', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'twice-gone', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['us-east-1'] },
    });
    expect(created.status).toBe(202);
    const { cluster } = (await created.json()) as { cluster: { id: string } };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.api('/api/clusters/twice-gone', { method: 'DELETE', json: { reason: 'retired' } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const ids = new Set(await Promise.all(answers.map(async (a) => ((await a.json()) as { operation: { id: string } }).operation.id)));
    expect(ids.size).toBe(1);
    const ops = await app.ctx.pool.query("SELECT id FROM operations WHERE cluster_id = $1 AND type = 'decommission'", [cluster.id]);
    expect(ops.rows).toHaveLength(1);
    const audits = await app.ctx.pool.query("SELECT id FROM audit_events WHERE target_id = $1 AND action = 'cluster.decommission'", [
      cluster.id,
    ]);
    expect(audits.rows).toHaveLength(1);
  });
});

describe('concurrent upgrade requests for one cluster', () => {
  it('the same upgrade asked for 10 times at once is queued once; a different one while it waits is queued behind it', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'upgrade-twice', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['us-east-1'], version: '7.2.6' },
    });
    expect(created.status).toBe(202);
    const { cluster } = (await created.json()) as { cluster: { id: string } };
    // No worker runs here: stand in for a finished provisioning.
    await app.ctx.pool.query("UPDATE clusters SET status = 'ACTIVE' WHERE id = $1", [cluster.id]);
    await app.ctx.pool.query("UPDATE operations SET status = 'succeeded' WHERE cluster_id = $1", [cluster.id]);

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => app.api('/api/clusters/upgrade-twice/upgrades', { method: 'POST', json: { toVersion: '7.2.7' } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    const ids = new Set(await Promise.all(answers.map(async (a) => ((await a.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    const ops = await app.ctx.pool.query("SELECT id FROM operations WHERE cluster_id = $1 AND type = 'upgrade'", [cluster.id]);
    expect(ops.rows).toHaveLength(1);

    const other = await app.api('/api/clusters/upgrade-twice/upgrades', {
      method: 'POST',
      json: { toVersion: '7.2.7', instanceType: 'm5.xlarge' },
    });
    expect(other.status).toBe(202);
    const second = (await other.json()) as { id: string };
    expect(ids.has(second.id)).toBe(false);
    const after = await app.ctx.pool.query("SELECT id FROM operations WHERE cluster_id = $1 AND type = 'upgrade' ORDER BY seq", [
      cluster.id,
    ]);
    expect(after.rows.map((r: { id: string }) => r.id)).toEqual([...ids, second.id]);
  });
});
