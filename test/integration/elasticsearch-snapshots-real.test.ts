import { randomUUID } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../services/core/clock';
import { ExternalProvider } from '../../services/providers/external/external-provider';
import { decodeNodeId } from '../../services/providers/external/node-id';
import { restoreAdoptedRenamed } from '../../services/providers/external/elasticsearch/adopted-snapshots';
import { repositoryOf } from '../../services/providers/external/elasticsearch/snapshots';

/**
 * Against a real Elasticsearch with `path.repo` set, e.g. `docker compose --profile engines up -d
 * elasticsearch` and DATAFLEET_TEST_ELASTICSEARCH_URL=http://elastic:datafleet@127.0.0.1:9200.
 * Skipped without it. Leaves nothing behind: its indices, snapshots and repository are removed.
 */
const url = process.env.DATAFLEET_TEST_ELASTICSEARCH_URL;

describe.runIf(url)('Elasticsearch snapshots through the real _snapshot API (adopted server)', () => {
  const parsed = new URL(url ?? 'http://localhost:9200');
  const login = { username: decodeURIComponent(parsed.username || 'elastic'), password: decodeURIComponent(parsed.password) };
  const client = new Client({
    node: `${parsed.protocol}//${parsed.host}`,
    auth: login,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
  });
  const provider = new ExternalProvider({ clock: systemClock, regions: { regions: new Map([['external', { zones: ['external-a'] }]]) } });
  const clusterId = randomUUID();
  const index = `datafleet-snaptest-${clusterId.slice(0, 8)}`;
  const prefix = `restored-${clusterId.slice(0, 8)}-`;
  let providerId = '';

  afterAll(async () => {
    await client.indices.delete({ index: `${index},${prefix}${index}`, ignore_unavailable: true }).catch(() => undefined);
    const repository = repositoryOf(clusterId).name;
    await client.snapshot.delete({ repository, snapshot: 'datafleet-*' }).catch(() => undefined);
    await client.snapshot.deleteRepository({ name: repository }).catch(() => undefined);
    await client.close();
  });

  it('takes a snapshot once per tag, sized from the repository, keeps the newest on expiry, and restores it beside the originals', async () => {
    await client.indices.create({ index, settings: { number_of_replicas: 0 } });
    await client.bulk({
      refresh: true,
      operations: Array.from({ length: 200 }, (_, i) => [{ index: { _index: index, _id: String(i) } }, { n: i, text: `row ${i}` }]).flat(),
    });
    const node = await provider.adoptNode({
      name: `snap-${clusterId.slice(0, 8)}`,
      clusterId,
      engine: 'elasticsearch',
      version: 'any',
      region: 'external',
      zone: 'external-a',
      role: 'member',
      host: parsed.hostname,
      port: Number(parsed.port || 9200),
    });
    providerId = node.providerId;

    const first = randomUUID();
    const artifact = await provider.backUpNode(providerId, { kind: 'snapshot', tag: first, ...login });
    if (artifact === 'busy') throw new Error('a fresh repository reported busy');
    expect(artifact.label).toBe(`datafleet-${first}`);
    expect(artifact.sizeBytes).toBeGreaterThan(0);
    expect(await provider.backUpNode(providerId, { kind: 'snapshot', tag: first, ...login })).toMatchObject({
      label: artifact.label,
      checksum: artifact.checksum,
    });

    await client.index({ index, id: 'late', document: { n: -1 }, refresh: true });
    const second = await provider.backUpNode(providerId, { kind: 'snapshot', tag: randomUUID(), ...login });
    if (second === 'busy') throw new Error('busy after the first snapshot finished');
    expect(second.storedBytes).toBeLessThan(second.sizeBytes);
    expect(await provider.expireBackups(providerId, 1, login)).toEqual([second.label]);

    const restored = await restoreAdoptedRenamed(decodeNodeId(providerId)!, { label: second.label, prefix, indices: [index] }, login);
    expect(restored).toContain(`${prefix}${index}`);
    await client.indices.refresh({ index: `${prefix}${index}` });
    expect((await client.count({ index: `${prefix}${index}` })).count).toBe(201);
    expect((await client.count({ index })).count).toBe(201);
    await expect(
      restoreAdoptedRenamed(decodeNodeId(providerId)!, { label: second.label, prefix, indices: [index] }, login),
    ).rejects.toThrow(/overwrite existing/);
  }, 120_000);
});
