import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../services/core/clock';
import type { EngineName } from '../../services/core/types';
import { ExternalProvider } from '../../services/providers/external/external-provider';
import { MissingCapabilityError } from '../../services/providers/capabilities';
import { missingCapability } from '../../services/operations/required-capabilities';
import type { ProviderRegistry } from '../../services/providers/registry';
import { decodeNodeId } from '../../services/providers/external/node-id';
import { restoreAdoptedRenamed } from '../../services/providers/external/elasticsearch/adopted-snapshots';

/**
 * The external provider's backups: which engines it snapshots, how the others are refused, and the
 * `_snapshot` requests it sends (to a loopback server that answers like Elasticsearch and records
 * them). The same code against a real Elasticsearch: elasticsearch-snapshots-real.test.ts.
 */
const region = 'external';
const zone = 'external-a';
const provider = new ExternalProvider({ clock: systemClock, regions: { regions: new Map([[region, { zones: [zone] }]]) } });
const login = { username: 'elastic', password: 'snap-secret' };

type Seen = { method: string; path: string; body: unknown };
let server: Server;
let port: number;
let seen: Seen[] = [];
let refusePathRepo = false;
const snapshots = new Map<string, Record<string, unknown>>();

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? JSON.parse(text) : null;
}

function answer(method: string, path: string): [number, unknown] {
  if (!path.startsWith('/_snapshot/')) return [200, {}];
  if (path.split('?')[0]!.endsWith('/_restore'))
    return [200, { snapshot: { snapshot: 'x', indices: ['restored-orders'], shards: { total: 1, failed: 0, successful: 1 } } }];
  const [, repo, snap, tail] = path.split('?')[0]!.split('/').filter(Boolean);
  if (method === 'PUT' && !snap)
    return refusePathRepo
      ? [
          500,
          {
            error: {
              type: 'repository_exception',
              reason: `[${repo}] location [datafleet/x] doesn't match any of the locations specified by path.repo because this setting is empty`,
            },
            status: 500,
          },
        ]
      : [200, { acknowledged: true }];
  if (method === 'PUT') {
    const info = {
      snapshot: snap,
      uuid: randomUUID(),
      state: 'SUCCESS',
      indices: ['orders'],
      start_time_in_millis: Date.now() - 50,
      end_time_in_millis: Date.now(),
      shards: { total: 1, successful: 1, failed: 0 },
    };
    snapshots.set(snap!, info);
    return [200, { snapshot: info }];
  }
  if (method === 'DELETE')
    return snapshots.delete(snap!) ? [200, { acknowledged: true }] : [404, { error: { type: 'snapshot_missing_exception' }, status: 404 }];
  if (tail === '_status')
    return [
      200,
      {
        snapshots: [
          {
            snapshot: snap,
            state: 'SUCCESS',
            stats: { total: { size_in_bytes: 5000, file_count: 4 }, incremental: { size_in_bytes: 1200, file_count: 1 } },
          },
        ],
      },
    ];
  const list = snap === 'datafleet-*' ? [...snapshots.values()] : snapshots.has(snap!) ? [snapshots.get(snap!)] : [];
  return [200, { snapshots: list, total: list.length, remaining: 0 }];
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    seen.push({ method: req.method!, path: req.url!, body });
    const [status, json] = answer(req.method!, req.url!);
    res.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    res.end(JSON.stringify(json));
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function adopted(engine: EngineName, nodePort = port) {
  return provider.adoptNode({
    name: `snap-${randomUUID().slice(0, 8)}`,
    clusterId: randomUUID(),
    engine,
    version: '8.15.0',
    region,
    zone,
    role: 'member',
    host: '127.0.0.1',
    port: nodePort,
  });
}

describe('backups of adopted clusters (external provider)', () => {
  it('declares backsUpData for Elasticsearch only; a Cassandra backup is refused naming Medusa, a Redis one naming its engine', () => {
    expect(provider.capabilities.has('backsUpData')).toBe(true);
    expect(provider.capabilities.has('restoresInPlace')).toBe(false);
    expect(provider.backsUpEngine('elasticsearch')).toBe(true);
    const ctx = { providers: { forRegion: () => provider } as unknown as ProviderRegistry };
    const params = { backupId: randomUUID(), kind: 'snapshot' } as never;
    expect(missingCapability(ctx, { name: 'es', regions: [region], engine: 'elasticsearch' }, 'backup', params)).toBeNull();
    const cassandra = missingCapability(ctx, { name: 'ring', regions: [region], engine: 'cassandra' }, 'backup', params);
    expect(cassandra).toBeInstanceOf(MissingCapabilityError);
    expect(cassandra?.message).toMatch(/backsUpData.*for cassandra nodes.*Medusa/);
    expect(missingCapability(ctx, { name: 'cache', regions: [region], engine: 'redis' }, 'backup', params)?.message).toMatch(
      /for redis nodes: adopted redis servers are backed up outside Datafleet/,
    );
    // A clone needs new nodes and an in-place restore a capability this provider lacks: both refused before anything runs.
    expect(
      missingCapability(ctx, { name: 'es', regions: [region], engine: 'elasticsearch' }, 'restore_in_place', {} as never)?.details,
    ).toMatchObject({ missingCapability: 'restoresInPlace' });
  });

  it('refuses to snapshot a node of an engine it does not back up, before any request', async () => {
    const node = await adopted('cassandra');
    seen = [];
    await expect(provider.backUpNode(node.providerId, { kind: 'snapshot', tag: randomUUID(), ...login })).rejects.toThrow(/Medusa/);
    expect(seen).toEqual([]);
  });

  it('registers the fs repository, takes one snapshot per tag with wait_for_completion, and reads its size from _status', async () => {
    const node = await adopted('elasticsearch');
    const clusterId = decodeNodeId(node.providerId)!.clusterId;
    const tag = randomUUID();
    seen = [];
    const artifact = await provider.backUpNode(node.providerId, { kind: 'snapshot', tag, ...login });
    expect(artifact).toMatchObject({ kind: 'snapshot', label: `datafleet-${tag}`, sizeBytes: 5000, storedBytes: 1200, walStart: null });
    expect(seen[0]).toEqual({
      method: 'PUT',
      path: `/_snapshot/datafleet-${clusterId}`,
      body: { type: 'fs', settings: { location: `datafleet/${clusterId}` } },
    });
    const create = seen.find((s) => s.method === 'PUT' && s.path.startsWith(`/_snapshot/datafleet-${clusterId}/datafleet-${tag}`));
    expect(create?.path).toContain('wait_for_completion=true');
    expect(create?.body).toMatchObject({ indices: '*,-.*', include_global_state: false, metadata: { taken_by: 'datafleet', tag } });

    seen = [];
    const again = await provider.backUpNode(node.providerId, { kind: 'snapshot', tag, ...login });
    expect(again).toMatchObject({
      label: artifact === 'busy' ? '' : artifact.label,
      checksum: artifact === 'busy' ? '' : artifact.checksum,
    });
    expect(seen.filter((s) => s.method === 'PUT' && s.path.includes('/datafleet-' + tag))).toEqual([]);
  });

  it('expires all but the newest snapshots with DELETE and returns the ids kept', async () => {
    snapshots.clear();
    const node = await adopted('elasticsearch');
    const tags = [randomUUID(), randomUUID(), randomUUID()];
    for (const tag of tags) {
      await provider.backUpNode(node.providerId, { kind: 'snapshot', tag, ...login });
      await new Promise((r) => setTimeout(r, 5));
    }
    seen = [];
    const kept = await provider.expireBackups(node.providerId, 2, login);
    expect(kept).toEqual([`datafleet-${tags[1]}`, `datafleet-${tags[2]}`]);
    expect(seen.filter((s) => s.method === 'DELETE').map((s) => s.path.split('/').pop())).toEqual([`datafleet-${tags[0]}`]);
  });

  it('restores a snapshot beside the originals under renamed indices, and refuses a bad prefix before any request', async () => {
    snapshots.clear();
    const node = await adopted('elasticsearch');
    const facts = decodeNodeId(node.providerId)!;
    const tag = randomUUID();
    await provider.backUpNode(node.providerId, { kind: 'snapshot', tag, ...login });
    seen = [];
    expect(await restoreAdoptedRenamed(facts, { label: `datafleet-${tag}`, prefix: 'restored-' }, login)).toEqual(['restored-orders']);
    const restore = seen.find((s) => s.path.includes('/_restore'));
    expect(restore?.method).toBe('POST');
    expect(restore?.path).toContain('wait_for_completion=true');
    expect(restore?.body).toEqual({
      indices: '*',
      include_global_state: false,
      include_aliases: false,
      rename_pattern: '(.+)',
      rename_replacement: 'restored-$1',
    });
    seen = [];
    await expect(restoreAdoptedRenamed(facts, { label: `datafleet-${tag}`, prefix: 'Bad Prefix' }, login)).rejects.toMatchObject({
      details: { prefix: 'Bad Prefix' },
    });
    expect(seen).toEqual([]);
  });

  it('says plainly when the server has no path.repo (422), and a server that is gone fails the call without crashing', async () => {
    refusePathRepo = true;
    const node = await adopted('elasticsearch');
    await expect(provider.backUpNode(node.providerId, { kind: 'snapshot', tag: randomUUID(), ...login })).rejects.toMatchObject({
      message: expect.stringMatching(/no path.repo/),
      details: expect.objectContaining({ location: expect.stringMatching(/^datafleet\//) }),
    });
    refusePathRepo = false;
    const gone = await adopted('elasticsearch', 1);
    await expect(provider.backUpNode(gone.providerId, { kind: 'snapshot', tag: randomUUID(), ...login })).rejects.toThrow();
  });
});
