import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startDatafleet, type RunningDatafleet } from '../../services/app/app';
import { runCli } from '../../services/cli/main';
import { newSecret } from '../../services/core/ids';
import { eventually, testRedisUrl } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { deleteKeysUnder } from '../helpers/redis-keys';

let db: TestDatabase;
let dataDir: string;
let app: RunningDatafleet | undefined;
// Kept apart from `app`: the test stops the app and forgets it, and its keys still go at the end.
const queuePrefix = `dft-${newSecret(6)}`;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'datafleet-outlive-'));
  app = await startDatafleet({
    config: {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: db.url,
      redisUrl: testRedisUrl,
      dataDir,
      logLevel: 'warn',
      adminToken: `test_${newSecret(16)}`,
      queuePrefix,
      maintenanceScanEveryMs: 0,
    },
  });
});
afterAll(async () => {
  await app?.stop();
  await deleteKeysUnder(testRedisUrl, queuePrefix);
  spawnSync('pkill', ['-f', dataDir]);
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const nodeProcesses = (): number => {
  const found = spawnSync('pgrep', ['-f', join(dataDir, 'local-nodes')])
    .stdout.toString()
    .trim();
  return found ? found.split('\n').length : 0;
};

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runCli(args, { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), env: {}, cwd: '/' });
  return { code, out: out.join('') };
}

async function answers(host: string, port: number, password: string): Promise<boolean> {
  const client = new Redis({ host, port, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

describe('local-region nodes outlive the control plane', () => {
  it('keep serving after Datafleet stops, and `datafleet local-nodes stop|start` stops and starts them', async () => {
    const res = await fetch(`${app!.url}/api/clusters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app!.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'outlive-cache',
        engine: 'redis',
        owner: 'platform',
        expectedDataGb: 1,
        regions: ['local'],
        environment: 'test',
      }),
    });
    expect(res.status).toBe(202);
    const cluster = await eventually(
      async () => {
        const c = await app!.ctx.repos.clusters.find('outlive-cache');
        if (c?.status === 'FAILED') throw new Error(`provision failed: ${c.statusReason}`);
        return c?.status === 'ACTIVE' ? c : null;
      },
      120_000,
      250,
    );
    const password = await app!.ctx.repos.clusters.password(cluster.id);
    const nodes = await app!.ctx.repos.nodes.forCluster(cluster.id);
    const count = nodes.length;
    expect(nodeProcesses()).toBe(count);

    await app!.stop();
    app = undefined;
    expect(nodeProcesses()).toBe(count);
    for (const n of nodes) expect(await answers(n.host!, n.port!, password)).toBe(true);

    const listed = await cli('local-nodes', 'list', '--data-dir', dataDir);
    expect(listed.code).toBe(0);
    for (const n of nodes) expect(listed.out).toMatch(new RegExp(`${n.name}\\s+redis\\s+\\S+\\s+${n.port}\\s+running`));

    const stopped = await cli('local-nodes', 'stop', '--data-dir', dataDir);
    expect(stopped.code).toBe(0);
    expect(stopped.out.match(/\sstopped\n/g)).toHaveLength(count);
    expect(nodeProcesses()).toBe(0);

    const started = await cli('--json', 'local-nodes', 'start', '--data-dir', dataDir);
    expect(started.code).toBe(0);
    expect((JSON.parse(started.out) as Array<{ state: string }>).map((n) => n.state)).toEqual(nodes.map(() => 'running'));
    expect(nodeProcesses()).toBe(count);
    for (const n of nodes) expect(await answers(n.host!, n.port!, password)).toBe(true);
  });
});
