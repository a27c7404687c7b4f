import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

/** Free-form strings that become versions, regions, kernels, teams or addresses must name something real. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
});
afterAll(async () => {
  await app?.stop();
});

interface ErrorAnswer {
  error: { code: string; message: string; details: Array<{ path: string; message: string; allowed?: string[] }> };
}
const count = async (table: string) =>
  Number(((await app.ctx.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0] as { n: string }).n);

async function refused(label: string, res: Response, status = 400): Promise<ErrorAnswer> {
  const text = await res.text();
  expect(res.status, `${label}: ${text}`).toBe(status);
  return JSON.parse(text) as ErrorAnswer;
}

describe('values that must come from a catalog, the configured regions or the teams', () => {
  it('refuses campaign selectors naming no real region or team, and versions outside the catalog', async () => {
    const campaign = (selector: unknown, toVersion = '4.1.6') => ({ name: 'c', engine: 'cassandra', toVersion, selector });
    const before = await count('campaigns');
    await refused('regions "all"', await app.api('/api/campaigns/plan', { method: 'POST', json: campaign({ regions: 'all' }) }));
    const mars = await refused(
      'unknown region',
      await app.api('/api/campaigns', { method: 'POST', json: campaign({ regions: ['mars-1'] }) }),
    );
    expect(mars.error.details[0]!.allowed).toEqual(expect.arrayContaining(['us-east-1', 'local']));
    await refused('unknown owner', await app.api('/api/campaigns', { method: 'POST', json: campaign({ owners: ['ghosts'] }) }));
    await refused('shell in a version', await app.api('/api/campaigns/plan', { method: 'POST', json: campaign(undefined, '$(id)') }));
    const both = await refused(
      'several problems',
      await app.api('/api/campaigns/plan', { method: 'POST', json: campaign({ regions: ['mars-1'], owners: ['ghosts'] }, '0.0.1') }),
    );
    expect(both.error.details.map((d) => d.path).sort()).toEqual(['body/selector/owners', 'body/selector/regions', 'body/toVersion']);
    expect(await count('campaigns')).toBe(before);
  });

  it('takes a kernel upgrade only to a kernel the cluster regions offer', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'kernel-ring', engine: 'cassandra', owner: 'platform', expectedDataGb: 50, regions: ['us-east-1'] },
    });
    expect(created.status).toBe(202);
    const ops = await count('operations');
    await refused(
      'shell in a kernel',
      await app.api('/api/clusters/kernel-ring/upgrades', { method: 'POST', json: { kernelVersion: '$(id)' } }),
    );
    const unknown = await refused(
      'unknown kernel',
      await app.api('/api/clusters/kernel-ring/upgrades', { method: 'POST', json: { kernelVersion: '9.9.9-evil' } }),
    );
    const regions = (await (await app.api('/api/regions')).json()) as Array<{ name: string; kernels: string[] }>;
    const offered = regions.find((r) => r.name === 'us-east-1')!.kernels;
    expect(offered.length).toBeGreaterThan(0);
    expect(unknown.error.details.find((d) => d.path === 'body/kernelVersion')!.allowed).toEqual(offered);
    await refused(
      'unknown instance type',
      await app.api('/api/clusters/kernel-ring/upgrades', { method: 'POST', json: { instanceType: 'x1.galactic' } }),
    );
    // A valid kernel on a cluster still provisioning: its state is the only problem, so 409.
    await refused(
      'not active yet',
      await app.api('/api/clusters/kernel-ring/upgrades', { method: 'POST', json: { kernelVersion: offered[0] } }),
      409,
    );
    expect(await count('operations')).toBe(ops);
  });

  it('refuses malformed emails, chat channels, paging keys, contacts, regions and enum filters', async () => {
    const teams = await count('teams');
    await refused(
      'email with a space',
      await app.api('/api/teams', { method: 'POST', json: { name: 'orders', email: 'or ders@example.com' } }),
    );
    await refused(
      'email with a control char',
      await app.api('/api/teams', { method: 'POST', json: { name: 'orders', email: 'orders\u0001@example.com' } }),
    );
    await refused(
      'chat channel',
      await app.api('/api/teams', {
        method: 'POST',
        json: { name: 'orders', email: 'orders@example.com', chatChannel: 'javascript:alert(1)' },
      }),
    );
    await refused(
      'paging key',
      await app.api('/api/teams', { method: 'POST', json: { name: 'orders', email: 'orders@example.com', pagingKey: 'a b;c' } }),
    );
    await refused(
      'patch chat channel',
      await app.api('/api/teams/platform', { method: 'PATCH', json: { chatChannel: 'no spaces allowed' } }),
    );
    expect(await count('teams')).toBe(teams);
    const base = { name: 'typed-ring', engine: 'cassandra', owner: 'platform', expectedDataGb: 10, regions: ['us-east-1'] };
    await refused('contact', await app.api('/api/clusters', { method: 'POST', json: { ...base, contacts: ['bob'] } }));
    await refused('region shape', await app.api('/api/clusters', { method: 'POST', json: { ...base, regions: ['US East'] } }));
    await refused(
      'tag value control char',
      await app.api('/api/clusters', { method: 'POST', json: { ...base, tags: { team: 'a\u0007b' } } }),
    );
    await refused('fleet health engine', await app.api('/api/fleet/health?engine=oracle'));
    await refused('inventory region shape', await app.api('/api/clusters?region=%24(id)'));
    await refused('inventory fields', await app.api('/api/clusters?fields=name;drop'));
    expect(
      (await app.api('/api/teams', { method: 'POST', json: { name: 'orders', email: 'orders@example.com', chatChannel: '#orders' } }))
        .status,
    ).toBe(201);
  });
});
