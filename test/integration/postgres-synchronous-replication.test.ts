import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { appWithPages, createWatchedCluster } from '../helpers/failover-cluster';

/*
 * A PostgreSQL cluster asked for with synchronousReplication runs under Patroni with
 * synchronous_mode on (strict off): its primary names a replica in synchronous_standby_names, so a
 * commit returns only once that replica holds it, and the cluster is active only once Patroni has
 * named that replica in its store (the one replica it may promote). Its primary is then killed
 * outright: after Patroni promotes it, the multi-host URI the connection details give (libpq's own psql) lands on
 * the new primary, and Datafleet's own connections (users, the workload driver, a backup) reach it.
 * Requests the option cannot keep are refused with a 400 that names why, and create nothing.
 */
const setup = appWithPages('payments', 500, { localPostgresFailover: 'patroni' });
let app: TestApp;
beforeAll(() => {
  app = setup.app();
});

const create = (target: TestApp, json: Record<string, unknown>) =>
  target.api('/api/clusters', {
    method: 'POST',
    json: { owner: 'payments', expectedDataGb: 1, regions: ['local'], environment: 'prod', ...json },
  });

async function refusal(res: Response): Promise<{ code: string; message: string; details: unknown }> {
  expect(res.status).toBe(400);
  return ((await res.json()) as { error: { code: string; message: string; details: unknown } }).error;
}

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

/** libpq itself reading a URI: psql runs one statement on the host the URI settles on. */
const psql = (uri: string, sql: string): string => execFileSync('psql', [uri, '-XqAtc', sql], { timeout: 30_000 }).toString().trim();

async function succeeded(operationId: string): Promise<void> {
  const op = await eventually(
    async () => {
      const o = await app.ctx.repos.operations.get(operationId);
      return o && ['succeeded', 'failed'].includes(o.status) ? o : undefined;
    },
    240_000,
    500,
  );
  expect(op.error ?? null).toBeNull();
  expect(op.status).toBe('succeeded');
}

describe('synchronous replication refused where it cannot be kept', () => {
  let patroniOff: TestApp;
  beforeAll(async () => {
    patroniOff = await startTestApp({ config: { localPostgresFailover: 'off' } });
    await patroniOff.api('/api/teams', { method: 'POST', json: { name: 'payments', email: 'payments@example.com' } });
  }, 60_000);
  afterAll(async () => patroniOff?.stop());

  it('another engine, a non-boolean, a control plane without Patroni, a simulated region: 400 naming why, nothing created', async () => {
    const redis = await refusal(await create(app, { name: 'sync-cache', engine: 'redis', synchronousReplication: true }));
    expect(JSON.stringify(redis)).toContain('body/synchronousReplication');
    expect(JSON.stringify(redis)).toMatch(/redis has no synchronous replication option; engines that have one: postgres/);

    await refusal(await create(app, { name: 'sync-word', engine: 'postgres', synchronousReplication: 'yes' }));

    const off = await refusal(await create(patroniOff, { name: 'sync-off', engine: 'postgres', synchronousReplication: true }));
    expect(JSON.stringify(off)).toMatch(
      /kept by Patroni, which cannot run this cluster here: patroni is off on this control plane \(DATAFLEET_LOCAL_POSTGRES_FAILOVER=patroni turns it on\)/,
    );

    const simulated = await refusal(
      await create(app, { name: 'sync-sim', engine: 'postgres', regions: ['us-east-1'], synchronousReplication: true }),
    );
    expect(JSON.stringify(simulated)).toMatch(/runs no Patroni/);

    for (const [target, name] of [
      [app, 'sync-cache'],
      [app, 'sync-word'],
      [patroniOff, 'sync-off'],
      [app, 'sync-sim'],
    ] as const)
      expect(await target.ctx.repos.clusters.find(name)).toBeNull();
    // Without the option a cluster on that control plane is still made (asynchronous, no failover).
    const plain = await create(patroniOff, { name: 'async-ok', engine: 'postgres', regions: ['us-east-1'] });
    expect(plain.status).toBe(202);
    expect(((await plain.json()) as { cluster: { synchronousReplication: boolean } }).cluster.synchronousReplication).toBe(false);
  });
});

describe('a synchronous PostgreSQL cluster under Patroni', () => {
  it('holds each commit for a replica, and after its primary dies every client finds the new one', async () => {
    const { cluster, nodes, password } = await createWatchedCluster(
      app,
      { name: 'sync-ledger', owner: 'payments', engine: 'postgres', synchronousReplication: true },
      240_000,
    );
    const shown = (await (await app.api('/api/clusters/sync-ledger')).json()) as { synchronousReplication: boolean };
    expect(shown.synchronousReplication).toBe(true);
    const config = JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', nodes[0]!.name, 'patroni.yml'), 'utf8')) as {
      bootstrap: { dcs: Record<string, unknown> };
    };
    expect(config.bootstrap.dcs).toMatchObject({ synchronous_mode: true, synchronous_mode_strict: false });

    const old = nodes.find((n) => n.role === 'primary')!;
    const replicaNames = nodes.filter((n) => n.role === 'replica').map((n) => n.name);
    // Active only once Patroni names a standby it may promote: before that a lost primary waits for a person.
    const topology = await app.ctx.engines
      .get('postgres')
      .failover!.topology(cluster.failoverManager!, { username: 'datafleet', password });
    const promotable = nodes.filter((n) => topology.synchronousStandbys?.some((s) => s.host === n.host && s.port === n.port));
    expect(promotable.map((n) => n.role)).toEqual(['replica']);
    // A planned switchover goes only to that standby: another replica is refused before anything is asked of Patroni.
    const other = nodes.find((n) => n.role === 'replica' && n.id !== promotable[0]!.id)!;
    const refused = await app.api('/api/clusters/sync-ledger/switchover?dryRun=true', {
      method: 'POST',
      json: { toNode: other.name, urgent: true },
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/not the synchronous standby/);
    const standby = await eventually(
      () =>
        withClient(old, password, async (c) => String((await c.query('SHOW synchronous_standby_names')).rows[0].synchronous_standby_names)),
      60_000,
      250,
    );
    expect(replicaNames.some((name) => standby.includes(name))).toBe(true);
    await withClient(old, password, async (c) => {
      expect(Number((await c.query("SELECT count(*) AS n FROM pg_stat_replication WHERE sync_state = 'sync'")).rows[0].n)).toBe(1);
      await c.query('CREATE TABLE entries (id int PRIMARY KEY)');
      await c.query('INSERT INTO entries SELECT generate_series(1, 100)');
    });

    const serverPid = Number(
      readFileSync(join(app.config.dataDir, 'local-nodes', old.name, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const patroniPid = (JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', old.name, 'node.json'), 'utf8')) as { pid: number })
      .pid;
    process.kill(patroniPid, 'SIGKILL');
    process.kill(serverPid, 'SIGKILL');
    const event = await eventually(async () => (await app.ctx.repos.failovers.forCluster(cluster.id))[0], 120_000, 250);
    expect(event.oldPrimary).toBe(old.name);
    expect(event.newPrimary).toBe(promotable[0]!.name);
    await eventually(
      async () => (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')?.name === event.newPrimary,
      60_000,
    );

    // The URI lists every host (the dead one too, until it is replaced); libpq skips it and the replica for the primary.
    const details = (await (await app.api('/api/clusters/sync-ledger/connection?reveal=true')).json()) as {
      uri: string;
      hosts: { name: string }[];
    };
    expect(details.uri).toMatch(
      /^postgresql:\/\/datafleet:[^@]+@127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}\/postgres\?target_session_attrs=read-write$/,
    );
    expect(details.hosts[0]!.name).toBe(event.newPrimary);
    expect(psql(details.uri, 'INSERT INTO entries VALUES (101) RETURNING pg_is_in_recovery()')).toBe('f');
    expect(psql(details.uri, 'SELECT count(*) FROM entries')).toBe('101');

    // Datafleet's own connections: a user made on the new primary, the workload driver writing, a backup taken.
    const issued = await app.api('/api/clusters/sync-ledger/users', {
      method: 'POST',
      json: { name: 'ledger', access: 'readwrite', scope: ['ledger'] },
    });
    expect(issued.status).toBe(202);
    const user = (await issued.json()) as { operationId: string; password: string; user: { login: string } };
    await succeeded(user.operationId);
    const userUri = details.uri
      .replace(/^postgresql:\/\/[^@]+@/, `postgresql://${user.user.login}:${encodeURIComponent(user.password)}@`)
      .replace('/postgres?', '/ledger?');
    expect(psql(userUri, 'CREATE TABLE payments (id int); INSERT INTO payments VALUES (1); SELECT session_user')).toBe(user.user.login);

    const live = (await app.ctx.repos.nodes.forCluster(cluster.id)).filter((n) => n.name !== old.name && n.host && n.port);
    const driver = app.ctx.engines.get('postgres').workloadDriver!({
      nodes: live.map((n) => ({ name: n.name, host: n.host!, port: n.port!, role: n.role, version: cluster.spec.version })),
      credentials: { username: 'datafleet', password },
      timeoutMs: 10_000,
    });
    if (driver.kind !== 'real') throw new Error('a local cluster has a real driver');
    await driver.open(1);
    await driver.write(0, 7, 'after-failover');
    await driver.close();

    const backup = await app.api('/api/clusters/sync-ledger/backups', { method: 'POST', json: { kind: 'full' } });
    expect(backup.status).toBe(202);
    await succeeded(((await backup.json()) as { operation: { id: string } }).operation.id);
  }, 900_000);
});
