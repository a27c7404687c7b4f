import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';
import type { ConnectionJson } from '../../services/api/schemas/connection';

/**
 * Connection details on simulated clusters: who may read them, that nothing secret leaves without a
 * reveal, that every reveal is audited, the strict query, and each engine's URI and client command.
 */
let app: TestApp;
let owner: string;
let stranger: string;

async function activeCluster(name: string, engine: string, team: string, expectedDataGb = 5): Promise<string> {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, engine, owner: team, expectedDataGb, regions: ['us-east-1'], environment: 'test' },
  });
  expect(res.status, await res.clone().text()).toBe(202);
  const id = ((await res.json()) as { cluster: { id: string } }).cluster.id;
  await eventually(async () => (await app.ctx.repos.clusters.find(name))?.status === 'ACTIVE', 60_000);
  return id;
}

const connection = (name: string, token?: string, query = '') => app.api(`/api/clusters/${name}/connection${query}`, { token });
const auditOf = async (name: string) =>
  (await (await app.api(`/api/clusters/${name}/audit`)).json()) as Array<{
    actor: string;
    action: string;
    at: string;
    reason: string | null;
  }>;

let cacheId: string;
beforeAll(async () => {
  app = await startTestApp();
  owner = await teamWithToken(app, 'orders');
  stranger = await teamWithToken(app, 'search');
  cacheId = await activeCluster('orders-cache', 'redis', 'orders');
  await Promise.all([
    activeCluster('orders-db', 'postgres', 'orders'),
    activeCluster('orders-ring', 'cassandra', 'orders', 50),
    activeCluster('orders-search', 'elasticsearch', 'orders', 50),
    activeCluster('orders-sessions', 'memcached', 'orders', 1),
  ]);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('GET /api/clusters/:ref/connection', () => {
  it('gives the owning team the URI, hosts, port, TLS mode and login with the password masked, and audits nothing', async () => {
    const password = await app.ctx.repos.clusters.password(cacheId);
    const res = await connection('orders-cache', owner);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(password);
    const body = JSON.parse(text) as ConnectionJson;
    expect(body.revealed).toBe(false);
    expect(body.password).toBeNull();
    expect(body.username).toBe('default');
    expect(body.tlsMode).toBe('disabled');
    expect(body.simulated).toBe(true);
    const primary = body.hosts[0]!;
    expect(primary.role).toBe('primary');
    expect(body.port).toBe(primary.port);
    expect(body.uri).toBe(`redis://default:********@${primary.host}:${primary.port}`);
    expect(body.command).toBe(`redis-cli -h ${primary.host} -p ${primary.port} --user default --pass '********' --no-auth-warning`);
    expect(body.notes.join(' ')).toContain('/api/clusters/orders-cache/users');
    expect((await auditOf('orders-cache')).filter((e) => e.action.startsWith('cluster.connection'))).toEqual([]);
  });

  it('reveals the password to the owning team and the platform team, each reveal in the cluster’s audit trail', async () => {
    const password = await app.ctx.repos.clusters.password(cacheId);
    for (const token of [owner, undefined]) {
      const res = await connection('orders-cache', token, '?reveal=true');
      expect(res.status).toBe(200);
      const body = (await res.json()) as ConnectionJson;
      expect(body.revealed).toBe(true);
      expect(body.password).toBe(password);
      expect(body.uri).toBe(`redis://default:${password}@${body.hosts[0]!.host}:${body.port}`);
      expect(body.command).toContain(`--pass ${password}`);
    }
    const reveals = (await auditOf('orders-cache')).filter((e) => e.action === 'cluster.connection.reveal');
    expect(reveals).toHaveLength(2);
    expect(reveals.map((e) => e.actor)).toContain('orders/orders-ci');
    expect(reveals.some((e) => e.actor.startsWith('platform/'))).toBe(true);
    for (const event of reveals) expect(Date.now() - new Date(event.at).getTime()).toBeLessThan(60_000);
    // The trail says who and when, never the secret.
    expect(JSON.stringify(await auditOf('orders-cache'))).not.toContain(password);
  });

  it('refuses another team with 403, with or without a reveal, and records the attempt', async () => {
    for (const query of ['', '?reveal=true']) {
      const res = await connection('orders-cache', stranger, query);
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('forbidden');
      expect(body.error.message).toMatch(/team search may not read the connection details of cluster orders-cache/);
      expect(JSON.stringify(body)).not.toMatch(/redis:\/\//);
    }
    const refused = (await auditOf('orders-cache')).filter((e) => e.action === 'cluster.connection.refused');
    expect(refused).toHaveLength(2);
    expect(refused.every((e) => e.actor === 'search/search-ci')).toBe(true);
  });

  it('refuses a malformed query in the error envelope, and an unknown cluster with 404', async () => {
    for (const query of ['?reveal=yes', '?reveal=1', '?reveal=', '?reveal=true&reveal=false', '?show=true']) {
      const res = await connection('orders-cache', owner, query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    expect((await connection('no-such-cluster', owner)).status).toBe(404);
    expect((await auditOf('orders-cache')).filter((e) => e.action === 'cluster.connection.reveal')).toHaveLength(2);
  });

  it('speaks each engine’s own terms', async () => {
    const read = async (name: string, query = '') => (await (await connection(name, owner, query)).json()) as ConnectionJson;

    const pg = await read('orders-db');
    const pgHosts = pg.hosts.map((h) => `${h.host}:${h.port}`).join(',');
    expect(pg.hosts[0]!.role).toBe('primary');
    expect(pg.uri).toBe(`postgresql://datafleet:********@${pgHosts}/postgres?target_session_attrs=read-write`);
    expect(pg.database).toBe('postgres');
    expect(pg.command).toBe(`psql '${pg.uri}'`);

    const ring = await read('orders-ring');
    expect(ring.uri).toMatch(/^cassandra:\/\/cassandra:\*{8}@[\d.]+:9042,[\d.]+:9042,[\d.]+:9042\?localDataCenter=datacenter1$/);
    expect(ring.command).toBe(`cqlsh ${ring.hosts[0]!.host} 9042 -u cassandra -p '********'`);
    expect(ring.notes.join(' ')).toMatch(/CREATE KEYSPACE IF NOT EXISTS app .*'datacenter1': 3/);

    const search = await read('orders-search');
    expect(search.tlsMode).toBe('disabled');
    expect(search.uri).toBe(`http://elastic:********@${search.hosts[0]!.host}:9200`);
    expect(search.command).toBe(`curl -u 'elastic:********' http://${search.hosts[0]!.host}:9200/`);

    const sessions = await read('orders-sessions', '?reveal=true');
    expect(sessions.username).toBeNull();
    expect(sessions.password).toBeNull();
    expect(sessions.revealed).toBe(false);
    expect(sessions.uri).toBe(sessions.hosts.map((h) => `${h.host}:${h.port}`).join(','));
    expect(sessions.command).toBe(`nc ${sessions.hosts[0]!.host} ${sessions.hosts[0]!.port}`);
  });

  it('answers 409 for a decommissioned cluster: there is nothing to connect to', async () => {
    expect((await app.api('/api/clusters/orders-sessions', { method: 'DELETE' })).status).toBe(202);
    await eventually(async () => (await app.ctx.repos.clusters.find('orders-sessions'))?.status === 'DECOMMISSIONED', 60_000);
    const res = await connection('orders-sessions', owner);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/decommissioned/);
  });
});
