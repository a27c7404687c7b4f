import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eventually, type TestApp } from '../helpers/app';
import type { PageReceiver } from '../helpers/page-receiver';
import { appWithPages, createWatchedCluster, pagesFor as pagesForCluster } from '../helpers/failover-cluster';
import type { LocalProvider } from '../../services/providers/local/local-provider';
import { readStore } from '../../services/engines/postgres/patroni-rest';

/*
 * A local region with three zones: a three-node PostgreSQL cluster spreads one node per zone and its
 * Patroni store is three etcd members, one per zone, that form one etcd cluster. One member is
 * SIGKILLed together with the primary (its Patroni and its server): the two members left keep the
 * store's quorum, Patroni promotes a replica, Datafleet records the failover and nobody is paged.
 * Decommissioning the cluster leaves no etcd process behind.
 */
const regionsDir = mkdtempSync(join(tmpdir(), 'datafleet-regions-'));
const regionsFile = join(regionsDir, 'regions.json');
const regions = JSON.parse(readFileSync(new URL('../../config/regions.json', import.meta.url), 'utf8')) as {
  regions: Record<string, { zones: string[] }>;
};
regions.regions.local!.zones = ['local-a', 'local-b', 'local-c'];
writeFileSync(regionsFile, JSON.stringify(regions));
afterAll(() => rmSync(regionsDir, { recursive: true, force: true }));

const setup = appWithPages('orders', 500, { localPostgresFailover: 'patroni', regionsFile });
let app: TestApp;
let receiver: PageReceiver;
beforeAll(() => {
  app = setup.app();
  receiver = setup.receiver();
});

const local = () => app.ctx.providers.forRegion('local') as LocalProvider;
const nodeDir = (name: string) => join(app.config.dataDir, 'local-nodes', name);
const patroniPid = (name: string): number => (JSON.parse(readFileSync(join(nodeDir(name), 'node.json'), 'utf8')) as { pid: number }).pid;
const serverPid = (name: string): number => Number(readFileSync(join(nodeDir(name), 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
/** The processes whose command line names a path (etcd members name their config file under the cluster's directory). */
const processesUnder = (path: string): number => {
  try {
    return execFileSync('pgrep', ['-f', path]).toString().trim().split('\n').filter(Boolean).length;
  } catch {
    return 0; // pgrep exits 1 when nothing matches
  }
};

async function etcdPost<T>(port: number, path: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(5000) });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('Patroni with a three-member etcd store across three zones', () => {
  it('three members form one store; one lost with the primary: Patroni still promotes, no page; all gone with the cluster', async () => {
    const { cluster, nodes, password } = await createWatchedCluster(
      app,
      { name: 'orders-db', owner: 'orders', engine: 'postgres' },
      240_000,
    );
    expect(new Set(nodes.map((n) => n.zone))).toEqual(new Set(['local-a', 'local-b', 'local-c']));
    expect(cluster.failoverManager).toMatchObject({ kind: 'patroni', masterName: 'orders-db', quorum: 2 });
    const endpoints = cluster.failoverManager!.endpoints;
    expect(endpoints).toHaveLength(3);
    expect(new Set(endpoints.map((e) => e.zone))).toEqual(new Set(['local-a', 'local-b', 'local-c']));

    // One etcd cluster: every member names the same cluster id and leader, and lists three members.
    const statuses = await Promise.all(
      endpoints.map((e) => etcdPost<{ header: { cluster_id: string }; leader: string }>(e.port, '/v3/maintenance/status')),
    );
    expect(new Set(statuses.map((s) => s.header.cluster_id)).size).toBe(1);
    expect(new Set(statuses.map((s) => s.leader)).size).toBe(1);
    for (const e of endpoints) expect((await etcdPost<{ members: unknown[] }>(e.port, '/v3/cluster/member/list')).members).toHaveLength(3);

    // Patroni leads: the primary holds the leader lock, read through each member.
    const old = nodes.find((n) => n.role === 'primary')!;
    for (const e of endpoints) expect((await readStore({ host: '127.0.0.1', port: e.port }, 'orders-db')).leader).toBe(old.name);

    const stores = local().failoverManagerPids(cluster.id);
    expect(stores).toHaveLength(3);
    process.kill(stores[0]!, 'SIGKILL');
    const server = serverPid(old.name);
    process.kill(patroniPid(old.name), 'SIGKILL');
    process.kill(server, 'SIGKILL');

    const event = await eventually(async () => (await app.ctx.repos.failovers.forCluster(cluster.id))[0], 180_000, 250);
    expect(event).toMatchObject({ kind: 'failover', decidedBy: 'patroni', oldPrimary: old.name });
    const promoted = nodes.find((n) => n.name === event.newPrimary)!;
    await eventually(async () => {
      const c = new pg.Client({ host: promoted.host!, port: promoted.port!, user: 'datafleet', password, database: 'postgres' });
      c.on('error', () => undefined);
      try {
        await c.connect();
        return (await c.query('SELECT pg_is_in_recovery() AS r')).rows[0].r === false;
      } catch {
        return false;
      } finally {
        await c.end().catch(() => undefined);
      }
    }, 60_000);
    await new Promise((r) => setTimeout(r, 5000));
    expect(pagesForCluster(receiver, 'orders-db')).toEqual([]);

    const managerDir = join(app.config.dataDir, '.failover', cluster.id);
    // The replacement of the dead node settles before the cluster goes (one mutating operation at a time).
    await eventually(
      async () => {
        const [latest] = await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'replace_node', limit: 5 });
        return latest && ['succeeded', 'failed'].includes(latest.status);
      },
      240_000,
      500,
    );
    expect((await app.api('/api/clusters/orders-db', { method: 'DELETE', json: { reason: 'test over' } })).status).toBe(202);
    await eventually(async () => (await app.ctx.repos.clusters.find('orders-db'))?.status === 'DECOMMISSIONED', 120_000, 500);
    expect(processesUnder(managerDir)).toBe(0);
    expect(existsSync(managerDir)).toBe(false);
  }, 900_000);
});
