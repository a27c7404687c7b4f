import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { ProviderNode } from '../../services/providers/provider';
import { LocalProvider } from '../../services/providers/local/local-provider';
import { systemClock } from '../../services/core/clock';
import { testEngines } from '../helpers/engines';

const tempDir = mkdtempSync(join(tmpdir(), 'datafleet-redis-change-'));
const dataRoot = join(tempDir, 'nodes');
const provider = new LocalProvider({ dataRoot, clock: systemClock, engines: testEngines });
const password = `change-${randomUUID()}`;

afterAll(async () => {
  for (const node of await provider.listNodes()) await provider.destroyNode(node.providerId);
  rmSync(tempDir, { recursive: true, force: true });
});

async function config(node: ProviderNode, name: string): Promise<string | undefined> {
  const client = new Redis({ host: node.host, port: node.port, password, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return ((await client.config('GET', name)) as string[])[1];
  } finally {
    client.disconnect();
  }
}

describe('local Redis rolling configuration change', () => {
  it('restarts with new settings, keeps them across later changes, and puts back a configuration Redis rejects', async () => {
    const [version] = (await provider.availableVersions('redis'))!;
    const node = await provider.createNode({
      name: `redis-change-${randomUUID().slice(0, 8)}`,
      clusterId: randomUUID(),
      clusterName: 'redis-change',
      engine: 'redis',
      version: version!,
      instanceType: 'r5.large',
      region: 'local',
      zone: 'local-a',
      role: 'primary',
      password,
      settings: {},
      dataGb: 1,
    });
    await provider.changeNode(node.providerId, { settings: { 'maxmemory-policy': 'allkeys-lru', 'slowlog-log-slower-than': 5000 } });
    await provider.changeNode(node.providerId, { settings: { hz: 25 } });
    expect(await config(node, 'maxmemory-policy')).toBe('allkeys-lru');
    expect(await config(node, 'hz')).toBe('25');
    expect(readFileSync(join(dataRoot, node.providerId, 'node.json'), 'utf8')).not.toContain(password);

    await expect(provider.changeNode(node.providerId, { settings: { 'maxmemory-policy': 'whatever-it-likes' } })).rejects.toThrow(
      /put back as it was/,
    );
    expect(await provider.describeNode(node.providerId)).toMatchObject({ state: 'running', port: node.port });
    expect(await config(node, 'maxmemory-policy')).toBe('allkeys-lru');

    await expect(provider.changeNode(node.providerId, { settings: { requirepass: 'x' } })).rejects.toThrow(/managed by the provider/);
    await expect(provider.changeNode(node.providerId, { settings: { 'hz\nport 1': 1 } })).rejects.toThrow(/not a redis setting name/);
    await expect(provider.changeNode(node.providerId, { version: '7.2.6' })).rejects.toThrow(/only redis-server .* is installed/);
    await expect(provider.changeNode(node.providerId, { kernelVersion: 'not-this-one' })).rejects.toThrow(/kernel/);
    expect((await provider.changeNode(node.providerId, { kernelVersion: release() })).state).toBe('running');
  });
});
