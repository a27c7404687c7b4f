import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';

/**
 * A route is reached by more spellings than its plain path: percent-encoded letters (`/%61pi/…`)
 * and the absolute form (`GET http://host/api/…`). Whether a token is needed, what an alert-source
 * credential may call and what is rate-limited must follow the route reached, not the raw text.
 */
let app: TestApp;
let team: string;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
  team = await teamWithToken(app, 'disguise');
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

/** A raw request: node's client sends the path exactly as given, absolute form included. */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, method, path, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('disguised paths are judged by the route they reach', () => {
  const spellings = (path: string) => [
    path.replace('/api/', '/%61pi/'),
    path.replace('/api/', '/%61%70%69/'),
    `http://${new URL(app.url).host}${path}`,
  ];

  it('needs a token: no fleet data, team or secret is read without one', async () => {
    for (const path of [
      '/api/clusters',
      '/api/operations',
      '/api/teams',
      '/api/teams/disguise/tokens',
      '/api/alert-sources',
      '/api/regions',
    ]) {
      for (const spelled of spellings(path)) {
        const res = await raw('GET', spelled);
        expect(res.status, `GET ${spelled}: ${res.text.slice(0, 200)}`).toBe(401);
        expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'unauthenticated' } });
      }
    }
  });

  it('changes nothing without a token', async () => {
    const before = await app.ctx.pool.query('SELECT count(*) AS n FROM teams');
    for (const spelled of spellings('/api/teams')) {
      const res = await raw('POST', spelled, {}, JSON.stringify({ name: 'ghost-team', email: 'ghost@example.com' }));
      expect(res.status, `POST ${spelled}: ${res.text.slice(0, 200)}`).toBe(401);
    }
    expect((await app.ctx.pool.query('SELECT count(*) AS n FROM teams')).rows).toEqual(before.rows);
  });

  it('still answers a valid token, and keeps an alert-source credential to alert intake', async () => {
    const res = await raw('GET', '/%61pi/me', { authorization: `Bearer ${team}` });
    expect(res.status, res.text).toBe(200);
    const issued = await app.api('/api/alert-sources', { method: 'POST', json: { name: 'disguise-source' } });
    const { credential } = (await issued.json()) as { credential: string };
    const elsewhere = await raw('GET', '/%61pi/clusters', { authorization: `Bearer ${credential}` });
    expect(elsewhere.status, elsewhere.text).toBe(403);
    const intake = await raw(
      'POST',
      '/%61pi/alerts',
      { authorization: `Bearer ${credential}` },
      JSON.stringify({ name: 'SomethingOdd', cluster: 'nowhere-cluster' }),
    );
    expect(intake.status, intake.text).toBe(202);
  });
});
