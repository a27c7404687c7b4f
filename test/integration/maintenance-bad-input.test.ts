import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
});
afterAll(async () => {
  await app?.stop();
});

describe('bad input to the maintenance routes', () => {
  it('is answered 4xx and plans nothing', async () => {
    const count = async () => Number((await app.ctx.pool.query('SELECT count(*) AS n FROM node_replacements')).rows[0].n);
    const before = await count();
    for (const path of [
      '/api/maintenance/upcoming?limit=0',
      '/api/maintenance/upcoming?limit=abc',
      '/api/maintenance/upcoming?limit=5000',
      '/api/maintenance/upcoming?when=soon',
      '/api/nodes/oldest?limit=-1',
      '/api/clusters/anything/maintenance?limit=1.5',
    ]) {
      const res = await app.api(path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    for (const path of [
      '/api/maintenance/upcoming?limit=1&limit=2',
      '/api/clusters/x%00/maintenance',
      '/api/nodes/oldest?limit=5&sort=age',
    ]) {
      const res = await app.api(path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    expect(
      (await app.api('/api/maintenance/scan', { method: 'POST', body: 'scan', headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(415);
    expect(
      (await app.api('/api/maintenance/scan', { method: 'POST', body: '', headers: { 'content-type': 'application/json' } })).status,
    ).toBe(400);
    expect((await app.api('/api/maintenance/scan?cluster=x', { method: 'POST', json: {} })).status).toBe(400);
    expect((await app.api('/api/clusters/no-such-cluster/maintenance')).status).toBe(404);
    expect((await app.api('/api/maintenance/scan', { method: 'POST', json: { cluster: 'orders-ring' } })).status).toBe(400);
    expect((await app.api('/api/maintenance/scan', { method: 'POST', json: [] })).status).toBe(400);
    expect((await app.api('/api/maintenance/scan', { method: 'POST', json: {}, token: null })).status).toBe(401);
    expect((await app.api('/api/teams', { method: 'POST', json: { name: 'orders', email: 'orders@example.com' } })).status).toBe(201);
    const issued = (await (await app.api('/api/teams/orders/tokens', { method: 'POST', json: { name: 'ci' } })).json()) as {
      token: string;
    };
    const forbidden = await app.api('/api/maintenance/scan', { method: 'POST', json: {}, token: issued.token });
    expect(forbidden.status).toBe(403);
    expect((await app.api('/api/maintenance/upcoming', { token: issued.token })).status).toBe(200);
    expect(await count()).toBe(before);
    const scans = await app.ctx.pool.query("SELECT 1 FROM audit_events WHERE action = 'maintenance.scan.requested'");
    expect(scans.rowCount).toBe(0);
  });
});
