import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { NodeRequest, ProviderNode } from '../../services/providers/provider';
import { LocalProvider } from '../../services/providers/local/local-provider';
import { compareVersions } from '../../services/engines/versions';
import { postgresCatalog } from '../../services/engines/postgres/catalog';
import { systemClock } from '../../services/core/clock';
import { eventually } from '../helpers/app';
import { testEngines } from '../helpers/engines';

/*
 * A real rolling minor upgrade of local PostgreSQL nodes: the same data directory restarted on the
 * binaries of another minor of the same major (the system's PostgreSQL and a binary set installed
 * from npm beside it), and back again as a rollback would.
 */
const tempDir = mkdtempSync(join(tmpdir(), 'datafleet-pg-minor-'));
const provider = new LocalProvider({ dataRoot: join(tempDir, 'nodes'), clock: systemClock, startWaitMs: 30_000, engines: testEngines });
const password = `minor-${randomUUID()}`;

afterAll(async () => {
  for (const node of await provider.listNodes()) await provider.destroyNode(node.providerId);
  rmSync(tempDir, { recursive: true, force: true });
});

const request = (name: string, version: string, extra: Partial<NodeRequest> = {}): NodeRequest => ({
  name,
  clusterId: randomUUID(),
  clusterName: 'pg-minor',
  engine: 'postgres',
  version,
  instanceType: 'r5.large',
  region: 'local',
  zone: 'local-a',
  role: 'primary',
  password,
  settings: {},
  dataGb: 1,
  ...extra,
});

async function sql<T extends pg.QueryResultRow>(node: ProviderNode, text: string): Promise<T[]> {
  const client = new pg.Client({ host: node.host, port: node.port, user: 'datafleet', password, database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}
const serverVersion = async (node: ProviderNode) => (await sql<{ v: string }>(node, 'SELECT version() AS v'))[0]!.v;
const running = (id: string) => async () => (await provider.describeNode(id))?.state === 'running';

describe('local PostgreSQL minor version change', async () => {
  const versions = ((await provider.availableVersions('postgres')) ?? []).sort(compareVersions);
  const [older, newer] = [versions[0]!, versions.at(-1)!];

  it('offers two minors of one major, each in the PostgreSQL catalog with an upgrade path between them', () => {
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(versions.map((v) => v.split('.')[0])).size).toBe(1);
    const catalog = postgresCatalog.versions.map((v) => v.version);
    for (const version of versions) expect(catalog).toContain(version);
    expect(postgresCatalog.upgradePaths(older)).toContain(newer);
  });

  it('moves a node to the newer minor keeping its data and address, and back (a rollback)', async () => {
    const node = await provider.createNode(request(`pg-minor-${randomUUID().slice(0, 8)}`, older));
    await eventually(running(node.providerId), 30_000, 100);
    expect(node.softwareVersion).toBe(older);
    expect(await serverVersion(node)).toContain(`PostgreSQL ${older}`);
    await sql(node, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('written on the older minor')");

    const upgraded = await provider.changeNode(node.providerId, { version: newer });
    expect(upgraded).toMatchObject({ state: 'running', softwareVersion: newer, host: node.host, port: node.port });
    expect(await serverVersion(node)).toContain(`PostgreSQL ${newer}`);
    expect(await sql(node, 'SELECT note FROM kept')).toEqual([{ note: 'written on the older minor' }]);

    const rolledBack = await provider.changeNode(node.providerId, { version: older });
    expect(rolledBack.softwareVersion).toBe(older);
    expect(await serverVersion(node)).toContain(`PostgreSQL ${older}`);
    expect(await sql(node, 'SELECT note FROM kept')).toEqual([{ note: 'written on the older minor' }]);
    await provider.destroyNode(node.providerId);
  });

  it('restarts with new settings, refuses protected ones and a major upgrade, and puts back a change the server rejects', async () => {
    const node = await provider.createNode(request(`pg-settings-${randomUUID().slice(0, 8)}`, newer));
    await eventually(running(node.providerId), 30_000, 100);
    await provider.changeNode(node.providerId, { settings: { work_mem: '8MB', log_min_duration_statement: 250 } });
    expect(await sql(node, 'SHOW work_mem')).toEqual([{ work_mem: '8MB' }]);

    await expect(provider.changeNode(node.providerId, { settings: { archive_command: 'rm -rf /' } })).rejects.toThrow(
      /managed by the provider/,
    );
    const otherMajor = postgresCatalog.versions.map((v) => v.version).find((v) => v.split('.')[0] !== newer.split('.')[0])!;
    await expect(provider.changeNode(node.providerId, { version: otherMajor })).rejects.toThrow(/major upgrade/);

    await expect(provider.changeNode(node.providerId, { settings: { shared_buffers: 'plenty' } })).rejects.toThrow(/put back as it was/);
    expect(await provider.describeNode(node.providerId)).toMatchObject({ state: 'running', softwareVersion: newer });
    expect(await sql(node, 'SHOW work_mem')).toEqual([{ work_mem: '8MB' }]);
    await provider.destroyNode(node.providerId);
  });

  it('upgrades a primary and its streaming replica one after the other, replication continuing', async () => {
    const name = `pg-rolling-${randomUUID().slice(0, 8)}`;
    const clusterId = randomUUID();
    const primary = await provider.createNode(request(`${name}-0`, older, { clusterId }));
    await eventually(running(primary.providerId), 30_000, 100);
    await sql(primary, 'CREATE TABLE events (id int); INSERT INTO events VALUES (1)');
    const replica = await provider.createNode(
      request(`${name}-1`, older, { clusterId, role: 'replica', primary: { host: primary.host, port: primary.port } }),
    );
    await eventually(running(replica.providerId), 60_000, 100);
    await eventually(async () => (await sql<{ n: number }>(replica, 'SELECT count(*)::int AS n FROM events'))[0]!.n === 1, 30_000, 200);

    for (const node of [replica, primary]) {
      await provider.changeNode(node.providerId, { version: newer });
      await eventually(running(node.providerId), 30_000, 100);
    }
    expect(await serverVersion(replica)).toContain(`PostgreSQL ${newer}`);
    expect(await serverVersion(primary)).toContain(`PostgreSQL ${newer}`);
    await sql(primary, 'INSERT INTO events VALUES (2)');
    await eventually(async () => (await sql<{ n: number }>(replica, 'SELECT count(*)::int AS n FROM events'))[0]!.n === 2, 30_000, 200);
    expect(await sql(replica, 'SELECT pg_is_in_recovery() AS standby')).toEqual([{ standby: true }]);
  });
});
