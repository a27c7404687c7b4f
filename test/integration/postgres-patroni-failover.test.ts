import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eventually, type TestApp } from '../helpers/app';
import type { PageReceiver } from '../helpers/page-receiver';
import { appWithPages, createWatchedCluster, pagesFor as pagesForCluster } from '../helpers/failover-cluster';
import type { LocalProvider } from '../../services/providers/local/local-provider';

/*
 * A local prod PostgreSQL cluster runs under Patroni with an etcd store of its own. Its primary is
 * killed outright (its Patroni and its server SIGKILLed: a dead node): Patroni promotes a replica,
 * Datafleet records the failover and replaces the dead node with a new replica, and nobody is
 * paged. A planned switchover goes through Patroni's REST API. With the store killed as well,
 * Patroni cannot act and exactly one page goes out. Every wait is generous: a promotion waits out
 * the dead leader's lock (ttl 10 s) and takes far longer on a loaded machine.
 */
const INTERVAL_MS = 500;
const setup = appWithPages('payments', INTERVAL_MS, { localPostgresFailover: 'patroni' });
let app: TestApp;
let receiver: PageReceiver;
beforeAll(() => {
  app = setup.app();
  receiver = setup.receiver();
});

const createCluster = (name: string) => createWatchedCluster(app, { name, owner: 'payments', engine: 'postgres' }, 240_000);
const pagesFor = (cluster: string) => pagesForCluster(receiver, cluster);

async function withClient<T>(node: { host: string | null; port: number | null }, password: string, fn: (c: pg.Client) => Promise<T>) {
  const c = new pg.Client({
    host: node.host!,
    port: node.port!,
    user: 'datafleet',
    password,
    database: 'postgres',
    connectionTimeoutMillis: 5000,
  });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

const nodeDir = (name: string) => join(app.config.dataDir, 'local-nodes', name);
const patroniPid = (name: string): number => (JSON.parse(readFileSync(join(nodeDir(name), 'node.json'), 'utf8')) as { pid: number }).pid;
const serverPid = (name: string): number => Number(readFileSync(join(nodeDir(name), 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
const local = () => app.ctx.providers.forRegion('local') as LocalProvider;

/** A dead node: its Patroni first (so it restarts nothing), then its server. */
function killNode(name: string): void {
  const server = serverPid(name);
  process.kill(patroniPid(name), 'SIGKILL');
  process.kill(server, 'SIGKILL');
}

describe('PostgreSQL failover through Patroni', () => {
  it('primary SIGKILLed with its Patroni: a replica promoted, recorded and the dead node replaced; all rows readable, no page', async () => {
    const { cluster, nodes, password } = await createCluster('ledger-db');
    expect(cluster.failoverManager).toMatchObject({ kind: 'patroni', masterName: 'ledger-db', quorum: 1 });
    expect(cluster.failoverManager!.endpoints).toHaveLength(1);
    for (const node of nodes) expect(existsSync(join(nodeDir(node.name), 'patroni.yml'))).toBe(true);
    const old = nodes.find((n) => n.role === 'primary')!;
    await withClient(old, password, async (c) => {
      await c.query('CREATE TABLE entries (id int PRIMARY KEY, note text)');
      await c.query("INSERT INTO entries SELECT g, 'entry-' || g FROM generate_series(1, 500) g");
    });
    // Every replica holds the rows before the primary dies (asynchronous replication could lose the last ones).
    for (const replica of nodes.filter((n) => n.role === 'replica'))
      await eventually(
        () => withClient(replica, password, async (c) => Number((await c.query('SELECT count(*) AS n FROM entries')).rows[0].n) === 500),
        60_000,
        250,
      );

    killNode(old.name);

    const event = await eventually(async () => (await app.ctx.repos.failovers.forCluster(cluster.id))[0], 120_000, 250);
    expect(event).toMatchObject({ kind: 'failover', decidedBy: 'patroni', oldPrimary: old.name });
    expect(event.after.primary).toBe(event.newPrimary);

    const live = await eventually(
      async () => {
        const now = await app.ctx.repos.nodes.forCluster(cluster.id);
        return now.length === nodes.length && !now.some((n) => n.name === old.name) ? now : undefined;
      },
      240_000,
      500,
    );
    expect(live.find((n) => n.role === 'primary')!.name).toBe(event.newPrimary);
    for (const node of live)
      await eventually(
        () => withClient(node, password, async (c) => Number((await c.query('SELECT count(*) AS n FROM entries')).rows[0].n) === 500),
        120_000,
        500,
      );
    const op = await eventually(async () => {
      const [latest] = await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'replace_node', limit: 5 });
      return latest && ['succeeded', 'failed'].includes(latest.status) ? latest : undefined;
    }, 120_000);
    expect(op.error).toBeNull();
    expect(op.status).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 3000));
    expect(pagesFor('ledger-db')).toEqual([]);

    // A planned switchover through the API: Patroni hands the primary to the named replica.
    const primary = live.find((n) => n.role === 'primary')!;
    const target = live.find((n) => n.role === 'replica')!;
    const asked = await app.api('/api/clusters/ledger-db/switchover', { method: 'POST', json: { toNode: target.name, urgent: true } });
    expect(asked.status).toBe(202);
    const { operation } = (await asked.json()) as { operation: { id: string } };
    const switched = await eventually(
      async () => {
        const o = await app.ctx.repos.operations.get(operation.id);
        return o && ['succeeded', 'failed'].includes(o.status) ? o : undefined;
      },
      240_000,
      500,
    );
    expect(switched.error ?? null).toBeNull();
    expect((await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!.name).toBe(target.name);
    await withClient(target, password, async (c) => {
      expect((await c.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(false);
      await c.query("INSERT INTO entries VALUES (501, 'after switchover')");
    });
    const [latest] = await app.ctx.repos.failovers.forCluster(cluster.id);
    expect(latest).toMatchObject({ kind: 'switchover', decidedBy: 'patroni', oldPrimary: primary.name, newPrimary: target.name });
  }, 900_000);

  it('store and primary SIGKILLed: Patroni cannot act and exactly one page goes out', async () => {
    const { cluster, nodes } = await createCluster('till-db');
    const old = nodes.find((n) => n.role === 'primary')!;
    const stores = local().failoverManagerPids(cluster.id);
    expect(stores).toHaveLength(1);
    for (const pid of stores) process.kill(pid, 'SIGKILL');
    killNode(old.name);

    const page = await eventually(async () => pagesFor('till-db')[0], 240_000, 500);
    expect(JSON.stringify(page.body)).toMatch(/Patroni cannot act/);
    await new Promise((r) => setTimeout(r, 5000));
    expect(pagesFor('till-db')).toHaveLength(1);
    expect(await app.ctx.repos.failovers.forCluster(cluster.id)).toEqual([]);
    expect((await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')?.name).toBe(old.name);
  }, 600_000);
});
