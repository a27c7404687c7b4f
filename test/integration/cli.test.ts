import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { runCli } from '../../services/cli/main';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
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

describe('datafleet CLI against a running Datafleet', () => {
  it('creates a team and a simulated cluster, waits for ACTIVE, lists, gets, and decommissions it', async () => {
    expect((await cli('teams', 'create', 'search', '--email', 'search@example.com', '--chat', '#search')).code).toBe(0);
    const created = await cli('clusters', 'create', 'search-logs', '--engine', 'cassandra', '--owner', 'search', '--size', '100', '--region', 'us-east-1', '--wait');
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/search-logs: ACTIVE/);
    expect(created.out).toMatch(/create-nodes: done/);

    const list = await cli('clusters', 'list', '--engine', 'cassandra');
    expect(list.out).toMatch(/^NAME\s+ENGINE/m);
    expect(list.out).toMatch(/search-logs\s+cassandra/);
    const json = await cli('--json', 'clusters', 'list', '--owner', 'search');
    expect((JSON.parse(json.out) as { total: number }).total).toBe(1);

    const got = await cli('clusters', 'get', 'search-logs');
    expect(got.out).toMatch(/owner\s+search/);
    expect(got.out).toMatch(/running/);
    expect((await cli('clusters', 'update', 'search-logs', '--window', 'sat 02:00 120 Europe/Dublin')).code).toBe(0);
    expect((await cli('clusters', 'get', 'search-logs')).out).toMatch(/sat 02:00 for 120 min \(Europe\/Dublin\)/);

    const ops = await cli('ops', 'list', '--cluster', 'search-logs');
    expect(ops.out).toMatch(/provision\s+succeeded/);
    const deleted = await cli('clusters', 'delete', 'search-logs', '--wait');
    expect(deleted.code).toBe(0);
    expect(deleted.out).toMatch(/search-logs: DECOMMISSIONED/);
  });

  it('prints the server’s message and exits 1 on a bad request, 2 on bad usage', async () => {
    const bad = await cli('clusters', 'create', 'x', '--engine', 'redis', '--owner', 'platform', '--size', '1', '--region', 'local');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/error 400 \(invalid_input\): .*name/);
    expect((await cli('clusters', 'frobnicate')).code).toBe(2);
    const unreachable = await runCli(['clusters', 'list'], { stdout: () => undefined, stderr: () => undefined, env: { DATAFLEET_URL: 'http://127.0.0.1:1' }, cwd: '/' });
    expect(unreachable).toBe(1);
  });
});
