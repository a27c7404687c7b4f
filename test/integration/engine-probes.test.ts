import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeEndpoint } from '../../services/engines/engine';
import { createEngineRegistry } from '../../services/engines/registry';

/** Real servers, real drivers: redis-server processes this file starts, and the machine's PostgreSQL. */
const engines = createEngineRegistry({ probeTimeoutMs: 2_000, formTimeoutMs: 15_000 });
const redis = engines.get('redis');
const password = randomBytes(12).toString('hex');
const credentials = { username: 'default', password };
const started: ChildProcess[] = [];
let workDir = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function startRedis(name: string, role: NodeEndpoint['role'], extraArgs: string[] = []): Promise<NodeEndpoint> {
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--requirepass',
    password,
    '--masterauth',
    password,
    '--save',
    '',
    '--bind',
    '127.0.0.1',
    '--dir',
    workDir,
  ];
  const child = spawn('redis-server', [...args, '--dbfilename', `${name}.rdb`, ...extraArgs], { stdio: 'ignore' });
  started.push(child);
  const node: NodeEndpoint = { name, host: '127.0.0.1', port, role };
  const deadline = Date.now() + 60_000; // a process start on a busy machine
  while (Date.now() < deadline) {
    if ((await redis.probe(node, credentials)).up) return node;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server ${name} did not start on port ${port}`);
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'datafleet-engine-probes-'));
});

afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

describe('redis adapter against real redis-server processes', () => {
  let primary: NodeEndpoint;
  let followingReplica: NodeEndpoint;
  let standaloneReplica: NodeEndpoint;

  beforeAll(async () => {
    primary = await startRedis('primary', 'primary');
    followingReplica = await startRedis('replica-a', 'replica', ['--replicaof', '127.0.0.1', String(primary.port)]);
    // Started on its own: formCluster must be what makes it follow the primary.
    standaloneReplica = await startRedis('replica-b', 'replica');
  });

  it('forms the cluster: every replica follows the primary with its link up, and a rerun changes nothing', async () => {
    const nodes = [primary, followingReplica, standaloneReplica];
    await redis.formCluster(nodes, credentials);
    await redis.formCluster(nodes, credentials);

    const primaryProbe = await redis.probe(primary, credentials);
    expect(primaryProbe).toMatchObject({ up: true, role: 'primary', version: '7.0.15' });
    expect(primaryProbe.details.connected_slaves).toBe(2);
    expect(primaryProbe.latencyMs).toBeGreaterThan(0);
    for (const replica of [followingReplica, standaloneReplica]) {
      const probe = await redis.probe(replica, credentials);
      expect(probe).toMatchObject({ up: true, role: 'replica' });
      expect(probe.details).toMatchObject({ master_link_status: 'up', master_port: primary.port });
      expect(probe.details.used_memory).toEqual(expect.any(Number));
    }
  });

  it('reports a wrong password as down without echoing any password', async () => {
    const result = await redis.probe(primary, { username: 'default', password: 'not-the-password' });
    expect(result.up).toBe(false);
    expect(result.error).toMatch(/WRONGPASS|NOAUTH|invalid/i);
    expect(result.ownErrors).toBe(1); // the refused AUTH the node counts: not an error of the node's clients
    expect(JSON.stringify(result)).not.toContain(password);
    expect(JSON.stringify(result)).not.toContain('not-the-password');
  });

  it('fails formCluster with a reason when a replica cannot be reached, instead of hanging', async () => {
    const gone: NodeEndpoint = { name: 'replica-gone', host: '127.0.0.1', port: await freePort(), role: 'replica' };
    await expect(redis.formCluster([primary, gone], credentials)).rejects.toThrow(/ECONNREFUSED|refused|closed/i);
  });
});

describe('postgres adapter against the machine PostgreSQL', () => {
  it('probes 127.0.0.1:5432 as an up primary with its version and size', async () => {
    const postgres = engines.get('postgres');
    const node: NodeEndpoint = { name: 'machine-pg', host: '127.0.0.1', port: 5432, role: 'primary' };
    const result = await postgres.probe(node, { username: 'postgres', password: 'trust-auth-ignores-this' });
    expect(result).toMatchObject({ up: true, role: 'primary' });
    expect(result.version).toMatch(/^\d+\.\d+$/);
    expect(result.details.database_size_bytes).toBeGreaterThan(0);
    expect(result.details.numbackends).toBeGreaterThanOrEqual(1);
  });

  it('verifies a lone primary as formed (no replicas to wait for)', async () => {
    const postgres = engines.get('postgres');
    const node: NodeEndpoint = { name: 'machine-pg', host: '127.0.0.1', port: 5432, role: 'primary' };
    await expect(postgres.formCluster([node], { username: 'postgres', password: 'x' })).resolves.toBeUndefined();
  });
});
