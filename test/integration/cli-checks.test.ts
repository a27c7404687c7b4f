import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { runCli } from '../../services/cli/main';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
});
afterAll(async () => {
  await app?.stop();
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

/** How many requests the server has answered on a route, from its own /metrics. */
async function answered(method: string, route: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const pattern = new RegExp(
    `^datafleet_http_request_duration_seconds_count\\{method="${method}",route="${route.replace(/\//g, '\\/')}",status="\\d+"\\} (\\d+)$`,
    'gm',
  );
  return [...text.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('datafleet refuses bad values before sending anything', () => {
  it('lists every problem of a create at once, with the allowed engines and regions, and sends no request to create', async () => {
    const creates = await answered('POST', '/api/clusters');
    const run = await cli(
      'clusters',
      'create',
      'Orders',
      '--engine',
      'mongo',
      '--owner',
      'platform',
      '--size',
      '1',
      '--region',
      'mars,external',
      '--environment',
      'staging',
    );
    expect(run.code).toBe(2);
    const lines = run.err.trim().split('\n');
    expect(lines[0]).toBe('error: 5 problems, nothing was sent:');
    expect(run.err).toMatch(/name "Orders" must be DNS-safe/);
    expect(run.err).toMatch(/--engine mongo: .*cassandra, elasticsearch, redis, postgres, memcached/);
    expect(run.err).toMatch(/--region mars: no such region; choose from local, us-east-1/);
    expect(run.err).toMatch(/--region external only adopts clusters; choose from local, us-east-1/);
    expect(run.err).toMatch(/--environment staging: choose one of test, prod/);
    expect(await answered('POST', '/api/clusters')).toBe(creates);
    expect((await cli('clusters', 'list', '--json')).out).toMatch(/"total": 0/);
  });

  it('names the regions that run an engine, and the versions an engine has', async () => {
    const local = await cli(
      'clusters',
      'create',
      'orders-ring',
      '--engine',
      'cassandra',
      '--owner',
      'platform',
      '--size',
      '1',
      '--region',
      'local',
    );
    expect(local.code).toBe(2);
    expect(local.err).toMatch(
      /--region local does not run cassandra; regions that do: us-east-1, us-west-2, eu-west-1 \(nothing was sent\)/,
    );
    const campaign = await cli('campaigns', 'plan', 'c5', '--engine', 'cassandra', '--from', '4.1', '--to', '9.9');
    expect(campaign.code).toBe(2);
    expect(campaign.err).toMatch(/--from 4\.1: not a cassandra version; choose one of 3\.11\.16,/);
    expect(campaign.err).toMatch(/--to 9\.9: not a cassandra version/);
    const status = await cli('ops', 'list', '--status', 'done');
    expect(status.code).toBe(2);
    expect(status.err).toMatch(/Allowed choices are pending, running, succeeded, rolled_back, failed, cancelled/);
  });

  it("prints each of the server's problems on its own line, with the allowed values", async () => {
    const run = await cli(
      'clusters',
      'create',
      'orders-cache',
      '--engine',
      'redis',
      '--owner',
      'nobody',
      '--size',
      '1',
      '--region',
      'local',
      '--version',
      '6.2.14',
    );
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error 400 \(invalid_input\): 2 problems:\n {2}unknown owner "nobody".*\n {2}.*6\.2\.14/);
    // The server lists an enum's values in its own message too, for clients other than the CLI.
    const answer = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'orders-x', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['us-east-1'], environment: 'staging' },
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toBe('body/environment must be one of test, prod');
  });
});

describe('empty states are not errors', () => {
  it('capacity show on a new cluster says there is no forecast yet and exits 0', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'fresh-cache', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['us-east-1'] },
    });
    expect(created.status).toBe(202);
    const shown = await cli('capacity', 'show', 'fresh-cache');
    expect(shown).toMatchObject({ code: 0, err: '' });
    expect(shown.out).toMatch(/^fresh-cache: no forecast yet/);
    expect((await cli('--json', 'capacity', 'show', 'fresh-cache')).out.trim()).toBe('null');
    const missing = await cli('capacity', 'show', 'no-such-cluster');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/error 404 \(not_found\)/);
  });
});
