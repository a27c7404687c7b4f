import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
});
afterAll(async () => {
  await app?.stop();
});

interface Preview {
  version: string;
  nodeCount: number;
  instanceType: string;
  monthlyCostUsd: number;
  simulated: boolean;
}
interface RegionAnswer {
  name: string;
  versions: Record<string, { versions: string[]; defaultVersion: string | null }>;
}
interface ErrorAnswer {
  error: { code: string; details: Array<{ path: string; message: string }> };
}
const count = async () => Number(((await app.ctx.pool.query('SELECT count(*) AS n FROM clusters')).rows[0] as { n: string }).n);

describe('previewing a cluster before creating it', () => {
  it('answers what the create makes: version, node count, instance type and the monthly price of those nodes', async () => {
    const before = await count();
    const body = { engine: 'cassandra', owner: 'platform', expectedDataGb: 100, regions: ['us-east-1', 'us-west-2'], environment: 'prod' };
    const res = await app.api('/api/clusters/preview', { method: 'POST', json: body });
    expect(res.status).toBe(200);
    const preview = (await res.json()) as Preview;
    expect(preview.simulated).toBe(true);
    const hourly = app.ctx.regions.instanceTypes.get(preview.instanceType)!.hourlyUsd;
    expect(preview.monthlyCostUsd).toBeCloseTo(hourly * 730 * preview.nodeCount, 1);
    expect(await count()).toBe(before);

    const created = await app.api('/api/clusters', { method: 'POST', json: { ...body, name: 'preview-match' } });
    expect(created.status).toBe(202);
    const { cluster } = (await created.json()) as { cluster: { version: string; instanceType: string; nodesPerRegion: number } };
    expect([cluster.version, cluster.instanceType, cluster.nodesPerRegion * 2]).toEqual([
      preview.version,
      preview.instanceType,
      preview.nodeCount,
    ]);
  });

  it('refuses a bad draft with every problem by field, and names a taken name', async () => {
    const res = await app.api('/api/clusters/preview', {
      method: 'POST',
      json: { name: 'preview-match', engine: 'cassandra', owner: 'nobody-here', expectedDataGb: 10, regions: ['mars-1'] },
    });
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as ErrorAnswer).error.details.map((d) => d.path).sort();
    expect(paths).toEqual(['body/name', 'body/owner', 'body/regions']);
  });

  it('offers per region the versions it runs and the default a request gets, which the create then makes', async () => {
    const regions = (await (await app.api('/api/regions')).json()) as RegionAnswer[];
    const local = regions.find((r) => r.name === 'local')!;
    const redis = local.versions.redis!;
    expect(redis.defaultVersion).not.toBeNull();
    expect(redis.versions).toContain(redis.defaultVersion);
    const preview = (await (
      await app.api('/api/clusters/preview', {
        method: 'POST',
        json: { engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local'] },
      })
    ).json()) as Preview;
    expect(preview.version).toBe(redis.defaultVersion);
    // A version the region does not run is refused by the preview as by the create.
    const engines = (await (await app.api('/api/engines')).json()) as Array<{ name: string; versions: Array<{ version: string }> }>;
    const foreign = engines
      .find((e) => e.name === 'redis')!
      .versions.map((v) => v.version)
      .find((v) => !redis.versions.includes(v));
    if (foreign) {
      const refused = await app.api('/api/clusters/preview', {
        method: 'POST',
        json: { engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['local'], version: foreign },
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as ErrorAnswer).error.details[0]?.path).toBe('body/version');
    }
    const simulated = regions.find((r) => r.name === 'us-east-1')!.versions.cassandra!;
    const catalog = engines.find((e) => e.name === 'cassandra')!.versions.map((v) => v.version);
    expect(simulated.versions).toEqual(catalog);
  });
});
