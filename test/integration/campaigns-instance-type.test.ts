import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import type { CampaignView } from '../../services/campaigns/view';
import { runCli } from '../../services/cli/main';

let app: TestApp;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const names = ['retype-test', 'retype-prod-a', 'retype-prod-b'];
let target = '';

beforeAll(async () => {
  app = await startTestApp({ config: { simulatorTimeScale: 2000, campaignTickMs: 200 } });
  for (const name of names) {
    const res = await app.api('/api/clusters', {
      method: 'POST',
      json: {
        name,
        engine: 'redis',
        owner: 'platform',
        environment: name.includes('test') ? 'test' : 'prod',
        expectedDataGb: 1,
        regions: ['us-east-1'],
      },
    });
    expect(res.status).toBe(202);
  }
  await eventually(
    async () => (await Promise.all(names.map((n) => app.ctx.repos.clusters.find(n)))).every((c) => c?.status === 'ACTIVE'),
    120_000,
    250,
  );
  const current = (await app.ctx.repos.clusters.find(names[0]!))!.spec.instanceType;
  target = current === 'r5.xlarge' ? 'r5.2xlarge' : 'r5.xlarge';
}, 180_000);
afterAll(async () => {
  await app?.stop();
});

const body = (over: Record<string, unknown>) => ({
  name: 'retype',
  engine: 'redis',
  selector: { regions: ['us-east-1'] },
  prodWaveSize: 1,
  inFlight: 1,
  soakMinutes: 0,
  benchmarkSeconds: 2,
  ...over,
});

describe('a campaign to an instance type', () => {
  it('refuses an unknown instance type, and a campaign with no target, listing what is allowed; nothing is stored', async () => {
    const unknown = await app.api('/api/campaigns', { method: 'POST', json: body({ toInstanceType: 'x1.galactic' }) });
    expect(unknown.status).toBe(400);
    const problem = await json<{ error: { message: string; details: Array<{ path: string; allowed: string[] }> } }>(unknown);
    expect(problem.error.message).toContain('x1.galactic');
    const typeProblem = problem.error.details.find((p) => p.path === 'body/toInstanceType')!;
    expect(typeProblem.allowed).toContain('r5.xlarge');
    expect(typeProblem.allowed).toContain('m5.large');

    const none = await app.api('/api/campaigns/plan', { method: 'POST', json: body({}) });
    expect(none.status).toBe(400);
    expect(JSON.stringify(await none.json())).toContain('toInstanceType');
    expect(await app.ctx.repos.campaigns.list(10)).toEqual([]);
  });

  it('plans and completes in waves, every node ending on the new type; a cluster already on it is skipped', async () => {
    // One prod cluster is moved beforehand: the campaign must leave it alone.
    const early = await app.api('/api/clusters/retype-prod-b/resize', { method: 'POST', json: { instanceType: target, urgent: true } });
    expect(early.status).toBe(202);
    await eventually(async () => (await app.ctx.repos.clusters.find('retype-prod-b'))?.spec.instanceType === target, 120_000, 250);
    await eventually(async () => (await app.ctx.repos.clusters.find('retype-prod-b'))?.status === 'ACTIVE', 120_000, 250);

    const planned = await app.api('/api/campaigns/plan', { method: 'POST', json: body({ toInstanceType: target }) });
    expect(planned.status).toBe(200);
    const plan = await json<{
      waves: Array<{ environment: string; clusters: Array<{ name: string }> }>;
      skipped: Array<{ name: string; reason: string }>;
    }>(planned);
    expect(plan.waves.map((w) => [w.environment, w.clusters.map((c) => c.name)])).toEqual([
      ['test', ['retype-test']],
      ['prod', ['retype-prod-a']],
    ]);
    expect(plan.skipped).toEqual([expect.objectContaining({ name: 'retype-prod-b', reason: `already on ${target}` })]);

    const created = await app.api('/api/campaigns', { method: 'POST', json: body({ toInstanceType: target }) });
    expect(created.status).toBe(201);
    const { campaign } = await json<CampaignView>(created);
    expect([campaign.toVersion, campaign.toInstanceType]).toEqual([null, target]);
    const done = await eventually(
      async () => {
        const v = await json<CampaignView>(await app.api(`/api/campaigns/${campaign.id}`));
        return ['completed', 'halted', 'cancelled'].includes(v.campaign.status) && v.counts.running === 0 ? v : undefined;
      },
      240_000,
      300,
    );
    expect(done.campaign.status).toBe('completed');
    expect(done.waves.map((w) => w.clusters.map((c) => [c.name, c.status]))).toEqual([
      [['retype-test', 'passed']],
      [['retype-prod-a', 'passed']],
    ]);
    for (const name of names) {
      const cluster = (await app.ctx.repos.clusters.find(name))!;
      expect(cluster.spec.instanceType).toBe(target);
      const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((n) => n.instanceType === target)).toBe(true);
    }
  }, 300_000);

  it('plans and lists from the CLI with --to-instance-type; an unknown type fails with the allowed ones', async () => {
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(args, {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken },
        cwd: '/tmp',
      });
      return { code, out, err };
    };
    const plan = await run(['campaigns', 'plan', 'cli', '--engine', 'redis', '--to-instance-type', 'm5.large', '--region', 'us-east-1']);
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/3 clusters \(1 test, 2 prod\) in 2 waves/);
    const list = await run(['campaigns', 'list']);
    expect(list.out).toContain(`redis → ${target}`);
    const unknown = await run(['campaigns', 'plan', 'cli', '--engine', 'redis', '--to-instance-type', 'x1.galactic']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('x1.galactic');
    expect(unknown.err).toContain('r5.xlarge');
  });
});
