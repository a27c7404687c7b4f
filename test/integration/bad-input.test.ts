import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
});
afterAll(async () => {
  await app?.stop();
});

describe('bad input never gets a 5xx and never changes anything', () => {
  it('answers every malformed request with a 4xx JSON error', async () => {
    const cases: Array<[string, string, { body?: string; contentType?: string }]> = [
      ['GET', '/api/clusters?limit=abc', {}],
      ['GET', '/api/clusters?limit=100000', {}],
      ['GET', '/api/clusters?offset=-1', {}],
      ['GET', '/api/clusters?engine=oracle', {}],
      ['GET', '/api/clusters?unknown=1', {}],
      ['GET', '/api/operations?clusterId=not-a-uuid', {}],
      ['GET', '/api/operations?status=exploded', {}],
      ['POST', '/api/clusters', { body: 'name=x', contentType: 'application/x-www-form-urlencoded' }],
      ['POST', '/api/clusters', { body: '[]', contentType: 'application/json' }],
      ['POST', '/api/clusters', { body: 'null', contentType: 'application/json' }],
      ['POST', '/api/clusters', { body: JSON.stringify({ name: 'a'.repeat(500) }), contentType: 'application/json' }],
      [
        'POST',
        '/api/clusters',
        {
          body: JSON.stringify({ name: 'ok-name', engine: 'redis', owner: 'platform', expectedDataGb: 'lots', regions: ['local'] }),
          contentType: 'application/json',
        },
      ],
      [
        'POST',
        '/api/clusters',
        {
          body: JSON.stringify({ name: 'ok-name', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: [] }),
          contentType: 'application/json',
        },
      ],
      [
        'POST',
        '/api/clusters',
        {
          body: JSON.stringify({ name: 'ok-name', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local', 'local'] }),
          contentType: 'application/json',
        },
      ],
      [
        'POST',
        '/api/clusters',
        {
          body: JSON.stringify({ name: 'ok-name', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local', 'us-east-1'] }),
          contentType: 'application/json',
        },
      ],
      [
        'POST',
        '/api/clusters',
        {
          body: JSON.stringify({
            name: 'ok-name',
            engine: 'redis',
            owner: 'platform',
            expectedDataGb: 1,
            regions: ['local'],
            version: '0.0.1',
          }),
          contentType: 'application/json',
        },
      ],
      ['POST', '/api/clusters', { body: 'x'.repeat(300_000), contentType: 'application/json' }],
      ['PATCH', '/api/clusters/nope-nope', { body: JSON.stringify({ tags: { a: 'b' } }), contentType: 'application/json' }],
      ['PATCH', '/api/clusters/nope-nope', { body: JSON.stringify({}), contentType: 'application/json' }],
      ['POST', '/api/teams', { body: JSON.stringify({ name: 'Bad Name', email: 'x' }), contentType: 'application/json' }],
      ['POST', '/api/teams', { body: JSON.stringify({ name: 'platform', email: 'dup@example.com' }), contentType: 'application/json' }],
      ['POST', '/api/teams/nobody/tokens', { body: JSON.stringify({ name: 't' }), contentType: 'application/json' }],
      ['DELETE', '/api/clusters/nope-nope', {}],
      ['GET', '/api/no-such-route', {}],
      ['PATCH', '/api/clusters/x%00', { body: JSON.stringify({ tags: { a: 'b' } }), contentType: 'application/json' }],
      ['PATCH', '/api/teams/x%00', { body: JSON.stringify({ email: 'a@b.co' }), contentType: 'application/json' }],
      ['GET', '/api/clusters?q=a%00b', {}],
      [
        'POST',
        '/api/teams',
        { body: JSON.stringify({ name: 'nul-team', email: 'a@b.co', chatChannel: '#a\u0000b' }), contentType: 'application/json' },
      ],
      [
        'POST',
        '/api/clusters',
        {
          body: JSON.stringify({ name: 'ok-name', engine: 'redis', owner: 'platform', expectedDataGb: '10', regions: ['local'] }),
          contentType: 'application/json',
        },
      ],
      [
        'POST',
        '/api/clusters',
        {
          body: JSON.stringify({ name: 'ok-name', engine: 'redis', owner: 'platform', expectedDataGb: true, regions: ['local'] }),
          contentType: 'application/json',
        },
      ],
      [
        'POST',
        '/api/clusters',
        {
          body: JSON.stringify({ name: 'ok-name', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: 'local' }),
          contentType: 'application/json',
        },
      ],
      [
        'POST',
        '/api/clusters',
        {
          body: JSON.stringify({
            name: 'ok-name',
            engine: 'redis',
            owner: 'platform',
            expectedDataGb: 1,
            regions: ['local'],
            contacts: 'x@y.co',
          }),
          contentType: 'application/json',
        },
      ],
      ['POST', '/api/teams/platform/tokens', { body: JSON.stringify({ name: 42 }), contentType: 'application/json' }],
      ['DELETE', '/api/clusters/nope-nope?reason=a&reason=b', {}],
      ['POST', '/api/capacity/forecast', { body: 'go', contentType: 'text/plain' }],
      ['POST', '/api/capacity/forecast', { body: JSON.stringify({ anything: 1 }), contentType: 'application/json' }],
      [
        'POST',
        '/api/campaigns/plan',
        {
          body: JSON.stringify({ name: 'c', engine: 'redis', toVersion: '7.2.6', selector: { regions: 'all' } }),
          contentType: 'application/json',
        },
      ],
      [
        'POST',
        '/api/campaigns',
        {
          body: JSON.stringify({ name: 'c', engine: 'redis', toVersion: '7.2.6', selector: { regions: ['nowhere-1'] } }),
          contentType: 'application/json',
        },
      ],
      ['POST', '/api/clusters/nope-nope/upgrades', { body: JSON.stringify({ kernelVersion: '$(id)' }), contentType: 'application/json' }],
      ['PUT', '/api/clusters', {}],
    ];
    for (const [method, path, { body, contentType }] of cases) {
      const res = await app.api(path, { method, body, headers: contentType ? { 'content-type': contentType } : {} });
      const text = await res.text();
      expect({ method, path, status: res.status >= 400 && res.status < 500 }).toEqual({ method, path, status: true });
      const parsed = JSON.parse(text) as { error: { code: string; message: string } };
      expect(parsed.error.message.length).toBeGreaterThan(0);
      expect(parsed.error).toHaveProperty('details');
    }
    const audit = await app.ctx.pool.query('SELECT count(*)::int AS n FROM audit_events');
    expect((audit.rows[0] as { n: number }).n).toBe(0);
    const campaigns = await app.ctx.pool.query('SELECT count(*)::int AS n FROM campaigns');
    expect((campaigns.rows[0] as { n: number }).n).toBe(0);
    const clusters = (await (await app.api('/api/clusters')).json()) as { total: number };
    expect(clusters.total).toBe(0);
    const teams = (await (await app.api('/api/teams')).json()) as unknown[];
    expect(teams).toHaveLength(1);
  });
});
