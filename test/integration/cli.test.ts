import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cliWith(env: Record<string, string | undefined>, cwd: string, args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), env, cwd });
  return { code, out, err };
}

const cli = (...args: string[]) => cliWith({ DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken }, '/nonexistent', args);

describe('datafleet CLI against a running Datafleet', () => {
  it('creates a memcached cluster of real local processes, lists it by engine and decommissions it', async () => {
    const created = await cli(
      'clusters',
      'create',
      'cli-sessions',
      '--engine',
      'memcached',
      '--owner',
      'platform',
      '--size',
      '0.5',
      '--region',
      'local',
      '--environment',
      'test',
      '--wait',
    );
    expect(created.err).toBe('');
    expect(created.out).toMatch(/cli-sessions: provisioning memcached 1\.6\.\d+/);
    expect(created.out).toMatch(/cli-sessions: ACTIVE/);
    expect((await cli('clusters', 'list', '--engine', 'memcached')).out).toMatch(/cli-sessions\s+memcached/);
    const unknown = await cli(
      'clusters',
      'create',
      'cli-unknown',
      '--engine',
      'mongodb',
      '--owner',
      'platform',
      '--size',
      '1',
      '--region',
      'us-east-1',
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/memcached/);
    expect((await cli('clusters', 'delete', 'cli-sessions', '--reason', 'test over', '--wait')).code).toBe(0);
  });

  it('creates a team and a simulated cluster, waits for ACTIVE, lists, gets, and decommissions it', async () => {
    expect((await cli('teams', 'create', 'search', '--email', 'search@example.com', '--chat', '#search')).code).toBe(0);
    const created = await cli(
      'clusters',
      'create',
      'search-logs',
      '--engine',
      'cassandra',
      '--owner',
      'search',
      '--size',
      '100',
      '--region',
      'us-east-1',
      '--wait',
    );
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/search-logs: ACTIVE/);
    expect(created.out).toMatch(/create-nodes: done/);

    const list = await cli('clusters', 'list', '--engine', 'cassandra');
    expect(list.out).toMatch(/^NAME\s+ENGINE/m);
    expect(list.out).toMatch(/search-logs\s+cassandra/);
    const json = await cli('--json', 'clusters', 'list', '--owner', 'search');
    expect((JSON.parse(json.out) as { total: number }).total).toBe(1);
    const jsonAfter = await cli('clusters', 'list', '--engine', 'redis', '--json');
    expect(JSON.parse(jsonAfter.out)).toMatchObject({ items: [], total: 0 });
    const chosen = await cli('clusters', 'list', '--fields', 'name,regions,owner');
    expect(chosen.out).toMatch(/^NAME\s+REGIONS\s+OWNER$/m);
    expect(chosen.out).toMatch(/^search-logs\s+us-east-1\s+search$/m);
    const firstPage = await cli('clusters', 'list', '--limit', '1', '--fields', 'name');
    const next = /^next page: --cursor (\S+)$/m.exec(firstPage.out)?.[1];
    expect(next).toBeDefined();
    const secondPage = await cli('clusters', 'list', '--limit', '1', '--fields', 'name', '--cursor', next!);
    expect(secondPage.code).toBe(0);
    expect(/^(\S+)\n1 of/m.exec(secondPage.out)?.[1]).not.toBe(/^(\S+)\n1 of/m.exec(firstPage.out)?.[1]);

    const got = await cli('clusters', 'get', 'search-logs');
    expect(got.out).toMatch(/owner\s+search/);
    expect(got.out).toMatch(/running/);
    expect((await cli('clusters', 'update', 'search-logs', '--window', 'sat 02:00 120 Europe/Dublin', '--sla-p99-read-ms', '7')).code).toBe(
      0,
    );
    const updated = await cli('clusters', 'get', 'search-logs');
    expect(updated.out).toMatch(/sat 02:00 for 120 min \(Europe\/Dublin\)/);
    expect(updated.out).toMatch(/p99 read 7 ms/);

    const ops = await cli('ops', 'list', '--cluster', 'search-logs');
    expect(ops.out).toMatch(/provision\s+succeeded/);
    const [provision] = JSON.parse((await cli('--json', 'ops', 'list', '--cluster', 'search-logs')).out) as Array<{ id: string }>;
    const op = await cli('ops', 'get', provision!.id);
    expect(op.out).toMatch(/^type\s+provision$/m);
    expect(op.out).toMatch(/create-nodes\s+done/);

    const deleted = await cli('clusters', 'delete', 'search-logs', '--reason', 'test over', '--wait');
    expect(deleted.code).toBe(0);
    expect(deleted.out).toMatch(/search-logs: DECOMMISSIONED/);
  });

  it('prints the server’s message and exits 1 on a bad request, 2 on bad usage', async () => {
    const bad = await cli('clusters', 'create', 'good-name', '--engine', 'redis', '--owner', 'nobody', '--size', '1', '--region', 'local');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/error 400 \(invalid_input\): unknown owner "nobody"/);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    // What the CLI can check itself (the name's form) is refused before any request, exit 2.
    const badName = await cli('clusters', 'create', 'x', '--engine', 'redis', '--owner', 'platform', '--size', '1', '--region', 'local');
    expect(badName.code).toBe(2);
    expect(badName.err).toMatch(/^error: name "x" must be DNS-safe/);
    expect((await cli('clusters', 'get', 'no-such-cluster')).err).toMatch(/error 404 \(not_found\)/);

    expect((await cli('clusters', 'frobnicate')).code).toBe(2);
    // Caught before any request, and in-process: a nested command must not call process.exit.
    const badSize = await cli(
      'clusters',
      'create',
      'good-name',
      '--engine',
      'redis',
      '--owner',
      'platform',
      '--size',
      'lots',
      '--region',
      'local',
    );
    expect(badSize.code).toBe(2);
    expect(badSize.err).toMatch(/--size .* must be a number/);
    expect((await cli('clusters', 'create', 'good-name', '--engine', 'redis')).code).toBe(2);

    const unreachable = await cliWith({ DATAFLEET_URL: 'http://127.0.0.1:9' }, '/', ['clusters', 'list']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toMatch(/^cannot reach Datafleet at http:\/\/127\.0\.0\.1:9/);
  });

  it('finds its token in --token, DATAFLEET_TOKEN or .datafleet/admin-token, and says when it has none', async () => {
    const issued = await cli('teams', 'token', 'platform', '--name', 'ci');
    expect(issued.code).toBe(0);
    const teamToken = issued.out.trim();
    expect(teamToken).not.toMatch(/\s/);
    expect((await cliWith({ DATAFLEET_URL: app.url }, '/nonexistent', ['--token', teamToken, 'teams', 'get', 'platform'])).out).toMatch(
      /^platform team\s+yes$/m,
    );

    const folder = mkdtempSync(join(tmpdir(), 'datafleet-cli-'));
    try {
      mkdirSync(join(folder, '.datafleet'));
      writeFileSync(join(folder, '.datafleet', 'admin-token'), `${app.adminToken}\n`);
      const fromFile = await cliWith({ DATAFLEET_URL: app.url }, folder, ['teams', 'list']);
      expect(fromFile.code).toBe(0);
      expect(fromFile.out).toMatch(/^NAME\s+EMAIL/m);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }

    const none = await cliWith({ DATAFLEET_URL: app.url }, '/nonexistent', ['teams', 'list']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^error 401 \(unauthenticated\): .*DATAFLEET_TOKEN/);
  });

  it('runs as the installed `datafleet` command and exits when done', async () => {
    const run = await promisify(execFile)(process.execPath, ['bin/datafleet.js', 'clusters', 'list', '--json', '--fields', 'name'], {
      env: { ...process.env, DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken },
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      timeout: 90_000, // a first run builds the bundle; it exits as soon as it is done
    });
    expect(JSON.parse(run.stdout)).toMatchObject({ offset: 0 });
  });
});
