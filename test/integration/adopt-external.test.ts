import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres';
import { teamWithToken } from '../helpers/teams';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';
import { withTransaction } from '../../services/infra/db/pool';
import { OperationService } from '../../services/operations/operation-service';
import { MissingCapabilityError } from '../../services/providers/capabilities';
import { runCli } from '../../services/cli/main';

/** Servers started outside Datafleet, then adopted by their endpoints into the external region. */
let app: TestApp;
let redis: PrivateRedis;
let postgres: PrivatePostgres;
let otherTeamToken: string;
const redisPassword = 'adopt-redis-secret-9f3';
const pgPassword = 'adopt-pg-secret-41c';

type Json = Record<string, unknown>;
type Refusal = { error: { code: string; message: string; details?: Json | Json[] } };
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const adopt = (body: Json, token?: string) => app.api('/api/clusters/adopt', { method: 'POST', json: body, ...(token ? { token } : {}) });
const redisBody = (extra: Json = {}): Json => ({
  name: 'ext-cache',
  engine: 'redis',
  owner: 'platform',
  region: 'external',
  endpoints: [{ host: '127.0.0.1', port: redis.port }],
  credentials: { password: redisPassword },
  ...extra,
});
const clusterCount = async () => Number((await app.ctx.pool.query<{ n: string }>('SELECT count(*) AS n FROM clusters')).rows[0]!.n);

async function finished(operationId: string): Promise<Json & { status: string }> {
  return eventually(
    async () => {
      const op = await json<Json & { status: string }>(await app.api(`/api/operations/${operationId}`));
      return ['succeeded', 'failed', 'cancelled'].includes(op.status) ? op : null;
    },
    60_000,
    250,
  );
}

beforeAll(async () => {
  redis = await startPrivateRedis();
  const admin = new Redis(redis.url);
  await admin.config('SET', 'requirepass', redisPassword);
  admin.disconnect();
  postgres = await startPrivatePostgres();
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query(`CREATE ROLE datafleet LOGIN SUPERUSER PASSWORD '${pgPassword}'`);
  await client.end();
  app = await startTestApp({ config: { healthIntervalMs: 250, metricsRawIntervalMs: 1000 } });
  otherTeamToken = await teamWithToken(app, 'payments');
}, 120_000);
afterAll(async () => {
  await app?.stop();
  redis?.remove();
  postgres?.remove();
});

describe('adopting clusters that run outside Datafleet', () => {
  it('refuses a non-platform token with 403, bad input with 400, a region that cannot adopt with 422, and stores nothing', async () => {
    const before = await clusterCount();
    expect((await adopt(redisBody(), otherTeamToken)).status).toBe(403);
    for (const bad of [
      redisBody({ surprise: true }),
      redisBody({ endpoints: [] }),
      redisBody({ endpoints: [{ host: '127.0.0.1', port: 70000 }] }),
      redisBody({ credentials: {} }),
      redisBody({ engine: 'mongodb' }),
      redisBody({ region: 'atlantis' }),
      redisBody({ credentials: { username: 'root', password: redisPassword } }),
    ]) {
      const res = await adopt(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await json<Refusal>(res)).error.code).toBeTruthy();
    }
    const local = await adopt(redisBody({ region: 'local' }));
    expect(local.status).toBe(422);
    expect((await json<Refusal>(local)).error.message).toContain('adoptsNodes');
    const silent = await adopt(redisBody({ credentials: { password: 'wrong' } }));
    expect(silent.status).toBe(422);
    expect((await json<Refusal>(silent)).error.message).toMatch(/do not answer/);
    // Nor can a cluster be created there: the provider cannot create nodes.
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'ext-made', engine: 'redis', owner: 'platform', expectedDataGb: 1, regions: ['external'] },
    });
    expect(created.status).toBe(400);
    expect((await json<Refusal>(created)).error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body/regions', missingCapability: 'createsNodes' })]),
    );
    expect(await clusterCount()).toBe(before);
  });

  it('adopts a Redis: inventoried, health streamed, benchmarked, measured and forecast; refuses what the provider cannot do; decommission forgets it', async () => {
    const res = await adopt(redisBody({ environment: 'prod' }));
    expect(res.status).toBe(201);
    const { cluster } = await json<{ cluster: Json & { id: string } }>(res);
    expect(cluster).toMatchObject({ name: 'ext-cache', engine: 'redis', status: 'ACTIVE', simulated: false, regions: ['external'] });
    const detail = await json<{ nodes: Array<Json>; version: string }>(await app.api('/api/clusters/ext-cache'));
    expect(detail.nodes).toEqual([expect.objectContaining({ host: '127.0.0.1', port: redis.port, role: 'primary', state: 'running' })]);
    expect(JSON.stringify(detail)).not.toContain(redisPassword);
    // Its connection details name its servers; its password, the one it already had, is never given back.
    const connection = await json<{ uri: string }>(await app.api('/api/clusters/ext-cache/connection'));
    expect(connection.uri).toBe(`redis://default:********@127.0.0.1:${redis.port}`);
    const reveal = await app.api('/api/clusters/ext-cache/connection?reveal=true');
    expect(reveal.status).toBe(422);
    const refusal = await reveal.text();
    expect(refusal).toMatch(/was adopted: its password is the one its servers already had and is never returned/);
    expect(refusal).not.toContain(redisPassword);
    const audit = await app.ctx.pool.query<{ after: Json }>(
      "SELECT after FROM audit_events WHERE action = 'cluster.adopt' AND target_id = $1",
      [cluster.id],
    );
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0])).not.toContain(redisPassword);
    const sealed = await app.ctx.pool.query<{ password: string | null }>('SELECT password FROM cluster_secrets WHERE cluster_id = $1', [
      cluster.id,
    ]);
    expect(sealed.rows[0]?.password).toBeNull();

    // The collector probes it with the engine's driver like any real node.
    const node = String(detail.nodes[0]!.name);
    await eventually(
      async () => {
        const health = await json<{ state: string; snapshots: Array<{ up: boolean }> }>(
          await app.api(`/api/clusters/ext-cache/nodes/${node}/health`),
        );
        return health.snapshots.some((s) => s.up) && health.state === 'healthy';
      },
      30_000,
      250,
    );
    await eventually(
      async () => (await app.ctx.pool.query('SELECT 1 FROM metric_points WHERE cluster_id = $1 LIMIT 1', [cluster.id])).rowCount,
      30_000,
      250,
    );

    const bench = await app.api('/api/clusters/ext-cache/benchmarks', {
      method: 'POST',
      json: { workloads: ['balanced-50-50'], durationSeconds: 2 },
    });
    expect(bench.status).toBe(202);
    expect((await finished((await json<{ operation: { id: string } }>(bench)).operation.id)).status).toBe('succeeded');
    const runs = await json<Array<{ simulated: boolean; operations: number }>>(await app.api('/api/clusters/ext-cache/benchmarks'));
    expect(runs[0]).toMatchObject({ simulated: false });
    expect(runs[0]!.operations).toBeGreaterThan(100);

    const capacityGb = Number((await json<{ usableCapacityGb: number }>(await app.api('/api/clusters/ext-cache'))).usableCapacityGb);
    await seedDailyRollups(app.ctx.pool, cluster.id, { capacityGb, fill: growingTowards(60) });
    const forecast = await app.api('/api/clusters/ext-cache/forecast', { method: 'POST' });
    expect(forecast.status).toBeLessThan(300);
    const seen = await json<{ daysLeft: number | null }>(await app.api('/api/clusters/ext-cache/forecast'));
    expect(seen.daysLeft).toBeGreaterThan(0);

    const operationsBefore = (await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length;
    for (const [change, capability] of [
      [{ toVersion: '7.2.6' }, 'changesVersion'],
      [{ instanceType: 'r5.xlarge' }, 'changesInstanceType'],
      [{ kernelVersion: '6.8.0' }, 'changesKernel'],
    ] as const) {
      const upgrade = await app.api('/api/clusters/ext-cache/upgrades', { method: 'POST', json: { ...change, force: true } });
      expect(upgrade.status).toBe(422);
      const refusal = await json<Refusal>(upgrade);
      expect(refusal.error.message).toContain(capability);
      expect(refusal.error.details).toMatchObject({ missingCapability: capability, provider: 'external' });
    }
    // Scale and replace come from playbooks and maintenance, never the API: they are refused when recorded.
    const operations = new OperationService(app.ctx);
    for (const [type, params, capability] of [
      ['scale', { addNodesPerRegion: 1 }, 'createsNodes'],
      ['replace_node', { node }, 'createsNodes'],
      ['restart_node', { node }, 'restartsNodes'],
    ] as const) {
      const recorded = withTransaction(app.ctx.pool, (db) =>
        operations.record(db, { clusterId: cluster.id, type, requestedBy: 'test', reason: 'test', params } as Parameters<
          OperationService['record']
        >[1]),
      );
      await expect(recorded).rejects.toBeInstanceOf(MissingCapabilityError);
      await expect(recorded).rejects.toThrow(capability);
    }
    expect((await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length).toBe(operationsBefore);

    // The external provider snapshots adopted Elasticsearch only: an adopted Redis's backup is a 422 naming why, and records nothing.
    const backup = await app.api('/api/clusters/ext-cache/backups', { method: 'POST', json: { kind: 'snapshot' } });
    expect(backup.status).toBe(422);
    const backupRefusal = await json<Refusal>(backup);
    expect(backupRefusal.error.message).toMatch(/backsUpData.*for redis nodes: adopted redis servers are backed up outside Datafleet/);
    expect(backupRefusal.error.details).toMatchObject({ missingCapability: 'backsUpData', provider: 'external' });
    expect(await json<unknown[]>(await app.api('/api/clusters/ext-cache/backups'))).toEqual([]);
    expect((await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length).toBe(operationsBefore);

    const gone = await app.api('/api/clusters/ext-cache', { method: 'DELETE', json: { reason: 'moving it back' } });
    expect(gone.status).toBe(202);
    expect((await finished((await json<{ operation: { id: string } }>(gone)).operation.id)).status).toBe('succeeded');
    expect((await json<{ status: string }>(await app.api('/api/clusters/ext-cache'))).status).toBe('DECOMMISSIONED');
    const still = new Redis({ port: redis.port, password: redisPassword, lazyConnect: true });
    await still.connect();
    expect(await still.ping()).toBe('PONG'); // forgotten, not destroyed
    still.disconnect();
  });

  it('adopts a PostgreSQL: its version and role come from the server; health and a benchmark run through the same paths', async () => {
    const res = await adopt({
      name: 'ext-store',
      engine: 'postgres',
      owner: 'payments',
      region: 'external',
      endpoints: [{ host: '127.0.0.1', port: postgres.port }],
      credentials: { username: 'datafleet', password: pgPassword },
      expectedDataGb: 5,
    });
    expect(res.status).toBe(201);
    const detail = await json<{ version: string; nodes: Array<{ name: string; role: string; softwareVersion: string }> }>(
      await app.api('/api/clusters/ext-store'),
    );
    expect(detail.version).toMatch(/^\d+\.\d+/);
    expect(detail.nodes).toEqual([expect.objectContaining({ role: 'primary' })]);
    await eventually(
      async () => {
        const health = await json<{ state: string }>(await app.api(`/api/clusters/ext-store/nodes/${detail.nodes[0]!.name}/health`));
        return health.state === 'healthy';
      },
      30_000,
      250,
    );
    const bench = await app.api('/api/clusters/ext-store/benchmarks', {
      method: 'POST',
      json: { workloads: ['read-heavy-80-20'], durationSeconds: 2 },
    });
    expect(bench.status).toBe(202);
    expect((await finished((await json<{ operation: { id: string } }>(bench)).operation.id)).status).toBe('succeeded');
  });

  it('adopts through the CLI, the password from the environment, never from the command line', async () => {
    const cli = async (env: Record<string, string>, ...args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(args, {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken, ...env },
        cwd: '/nonexistent',
      });
      return { code, out, err };
    };
    const args = [
      'clusters',
      'adopt',
      'ext-cache-cli',
      '--engine',
      'redis',
      '--owner',
      'platform',
      '--endpoint',
      `127.0.0.1:${redis.port}:primary`,
    ];
    const noPassword = await cli({}, ...args);
    expect(noPassword.code).not.toBe(0);
    expect(noPassword.err).toContain('DATAFLEET_CLUSTER_PASSWORD');
    const badEndpoint = await cli(
      { DATAFLEET_CLUSTER_PASSWORD: redisPassword },
      'clusters',
      'adopt',
      'ext-cache-cli',
      '--engine',
      'redis',
      '--owner',
      'platform',
      '--endpoint',
      'nowhere',
    );
    expect(badEndpoint.code).not.toBe(0);
    expect(badEndpoint.err).toContain('host:port');
    const adopted = await cli({ DATAFLEET_CLUSTER_PASSWORD: redisPassword }, ...args);
    expect(adopted.err).toBe('');
    expect(adopted.code).toBe(0);
    expect(adopted.out).toMatch(/status\s+ACTIVE/);
    expect(adopted.out).not.toContain(redisPassword);
  });
});
