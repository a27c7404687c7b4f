import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded } from '../helpers/cluster-waits';

// Cassandra and Elasticsearch run on the simulated cloud here: their snapshots follow each engine's
// snapshot model, with sizes and durations from the data each node holds.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

interface BackupRow {
  id: string;
  status: string;
  error: string | null;
  kind: string;
  label: string;
  sizeBytes: number;
  storedBytes: number;
  startedAt: string;
  finishedAt: string;
  checksum: string;
  location: string;
  walStart: string | null;
  manifest: Array<{ node: string; bytes: number; storedBytes: number }> | null;
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { message: string; details: Record<string, unknown> } }).error;

async function create(name: string, engine: string, expectedDataGb: number) {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, engine, owner: 'platform', expectedDataGb, regions: ['us-east-1'], environment: 'test' },
  });
  expect(res.status).toBe(202);
  return untilActive(app, name);
}

/** Backs the cluster up and waits for its whole operation: the row succeeds at `record`, the retention runs after it (`expire`). */
async function backUp(cluster: string): Promise<BackupRow> {
  const res = await app.api(`/api/clusters/${cluster}/backups`, { method: 'POST', json: {} });
  expect(res.status).toBe(202);
  const { backup, operation } = (await res.json()) as { backup: { id: string }; operation: { id: string } };
  await untilSucceeded(app, operation.id);
  const row = (await (await app.api(`/api/backups/${backup.id}`)).json()) as BackupRow;
  expect(row.status).toBe('succeeded');
  return row;
}

describe('Cassandra snapshots (simulated): one id across every node', () => {
  it('records each node’s part, a manifest checksum and the location; a clone is made from it; no point in time', async () => {
    const source = await create('ledger', 'cassandra', 60);
    const first = await backUp('ledger');
    expect(first.kind).toBe('snapshot');
    expect(first.label).toMatch(/^datafleet-/);
    expect(first.walStart).toBeNull();
    expect(first.manifest?.map((m) => m.node).sort()).toEqual(source.nodes.map((n) => (n as unknown as { name: string }).name).sort());
    // Every replica's SSTables are in it: the parts add up to the size, each node's near its data.
    expect(first.manifest!.reduce((sum, m) => sum + m.bytes, 0)).toBe(first.sizeBytes);
    expect(first.sizeBytes).toBeGreaterThan(0);
    expect(first.storedBytes).toBe(first.sizeBytes);
    expect(first.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(first.location).toContain(`/${source.id}/${first.label}`);
    expect(new Date(first.finishedAt).getTime()).toBeGreaterThan(new Date(first.startedAt).getTime());

    // A second snapshot uploads only SSTables the repository lacks.
    const second = await backUp('ledger');
    expect(second.label).not.toBe(first.label);
    expect(second.storedBytes).toBeLessThan(second.sizeBytes / 2);

    const pitr = await app.api('/api/clusters/ledger/restore', {
      method: 'POST',
      json: { name: 'ledger-asof', to: new Date().toISOString() },
    });
    expect(pitr.status).toBe(400);
    expect((await errorOf(pitr)).message).toMatch(
      /cassandra restores to a backup, not to a point in time: .*snapshots taken at one instant/,
    );

    const restore = await app.api('/api/clusters/ledger/restore', { method: 'POST', json: { name: 'ledger-copy', backupId: first.id } });
    expect(restore.status).toBe(202);
    const copy = await untilActive<{ origin: { clusterName: string; backupId: string } }>(app, 'ledger-copy');
    expect(copy.origin).toMatchObject({ clusterName: 'ledger', backupId: first.id });
    expect(copy.nodes).toHaveLength(source.nodes.length);
    // The clone has a credential of its own, not its source's.
    expect(copy.password).not.toBe(source.password);
  });
});

describe('Elasticsearch snapshots (simulated): the _snapshot API', () => {
  it('snapshots primaries only, keeps what the retention keeps, and restores into a new cluster', async () => {
    await create('search', 'elasticsearch', 40);
    const policy = await app.api('/api/clusters/search/backup-policy', {
      method: 'PUT',
      json: { enabled: true, frequencyHours: 24, kind: 'snapshot', fullEveryDays: 1, retentionDays: 1, windowStartHour: 2, windowHours: 4 },
    });
    expect(policy.status).toBe(200);
    const taken = [await backUp('search'), await backUp('search'), await backUp('search')];
    // One primary and one replica per shard: half of each node's data goes into the snapshot.
    const cluster = (await app.ctx.repos.clusters.find('search'))!;
    expect(taken[0]!.manifest).toHaveLength(cluster.spec.nodesPerRegion);
    expect(taken[1]!.storedBytes).toBeLessThan(taken[1]!.sizeBytes);

    // A retention of one day of daily snapshots keeps two: the oldest is expired.
    const rows = (await (await app.api('/api/clusters/search/backups')).json()) as BackupRow[];
    expect(rows.find((r) => r.id === taken[0]!.id)?.status).toBe('expired');
    expect(
      rows
        .filter((r) => r.status === 'succeeded')
        .map((r) => r.id)
        .sort(),
    ).toEqual([taken[1]!.id, taken[2]!.id].sort());
    const expired = await app.api('/api/clusters/search/restore', { method: 'POST', json: { name: 'search-old', backupId: taken[0]!.id } });
    expect(expired.status).toBe(422);

    const res = await app.api('/api/clusters/search/restore', { method: 'POST', json: { name: 'search-copy' } });
    expect(res.status).toBe(202);
    const { operation } = (await res.json()) as { operation: { id: string } };
    await untilSucceeded(app, operation.id);
    const copy = await untilActive<{ origin: { backupId: string } }>(app, 'search-copy');
    expect(copy.origin.backupId).toBe(taken[2]!.id);
  });

  it('a simulated engine the cloud does not snapshot (Redis runs for real here) is still refused with the capability named', async () => {
    await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'sim-carts', engine: 'redis', owner: 'platform', expectedDataGb: 2, regions: ['us-east-1'], environment: 'test' },
    });
    await untilActive(app, 'sim-carts');
    const res = await app.api('/api/clusters/sim-carts/backups', { method: 'POST', json: {} });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.details.missingCapability).toBe('backsUpData');
    expect(error.message).toMatch(/for redis nodes/);
  });
});
