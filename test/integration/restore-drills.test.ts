import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded, type ListedNode } from '../helpers/cluster-waits';
import { teamWithToken } from '../helpers/teams';
import { runRestoreDrillScan } from '../../services/restore-drills/drill-scan';
import { runCli } from '../../services/cli/main';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

interface DrillJson {
  id: string;
  status: string;
  operationId: string;
  backupId: string;
  scratchCluster: { id: string; name: string } | null;
  startedAt: string;
  servingAt: string | null;
  rpoSeconds: number | null;
  rtoSeconds: number | null;
  newestWriteAt: string | null;
  verification: { expected: Record<string, unknown>; observed: Record<string, unknown>; mismatches: string[] } | null;
  error: string | null;
}

async function create(name: string, engine: string): Promise<{ id: string; nodes: ListedNode[]; password: string }> {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, engine, owner: 'platform', expectedDataGb: 2, regions: ['local'], environment: 'test' },
  });
  expect(res.status).toBe(202);
  return untilActive(app, name, 180_000);
}

async function backUp(cluster: string): Promise<string> {
  const res = await app.api(`/api/clusters/${cluster}/backups`, { method: 'POST', json: {} });
  expect(res.status).toBe(202);
  const { backup, operation } = (await res.json()) as { backup: { id: string }; operation: { id: string } };
  await untilSucceeded(app, operation.id, 120_000);
  return backup.id;
}

async function drill(cluster: string): Promise<DrillJson> {
  const res = await app.api(`/api/clusters/${cluster}/restore-drills`, { method: 'POST' });
  expect(res.status).toBe(202);
  const { drill: started } = (await res.json()) as { drill: DrillJson };
  expect(started.status).toBe('running');
  return eventually(
    async () => {
      const row = (await (await app.api(`/api/restore-drills/${started.id}`)).json()) as DrillJson;
      const op = await app.ctx.repos.operations.get(row.operationId);
      return row.status !== 'running' && (op?.status === 'succeeded' || op?.status === 'failed') ? row : null;
    },
    240_000,
    250,
  );
}

/** The scratch cluster is decommissioned and none of its node processes or data directories is left. */
async function scratchGone(scratchId: string): Promise<void> {
  await eventually(async () => (await app.ctx.repos.clusters.find(scratchId))?.status === 'DECOMMISSIONED', 120_000);
  const nodes = await app.ctx.repos.nodes.forCluster(scratchId, true);
  expect(nodes.length).toBeGreaterThan(0);
  expect(nodes.every((n) => n.state === 'terminated')).toBe(true);
  for (const node of nodes) {
    if (!node.port) continue;
    const ping = new Redis({ host: '127.0.0.1', port: node.port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    ping.on('error', () => undefined);
    await expect(ping.connect()).rejects.toThrow();
    ping.disconnect();
  }
  for (const node of nodes) expect(existsSync(join(app.config.dataDir, 'local-nodes', node.providerId!))).toBe(false);
}

describe('restore drills on real local clusters', () => {
  it('Redis: the latest backup is restored into a scratch cluster, verified, timed and destroyed', async () => {
    const source = await create('ledger', 'redis');
    const writer = new Redis({
      host: source.nodes[0]!.host,
      port: source.nodes.find((n) => n.role === 'primary')!.port,
      password: source.password,
    });
    const pipeline = writer.pipeline();
    for (let i = 0; i < 500; i++) pipeline.set(`entry:${i}`, `amount-${i * 3}`);
    pipeline.hset('entry:meta', { currency: 'EUR', owner: 'finance' });
    pipeline.set('entry:volatile', 'x', 'EX', 3600);
    await pipeline.exec();
    const backupId = await backUp('ledger');
    await writer.set('entry:after-backup', 'not in the backup');
    writer.disconnect();

    const result = await drill('ledger');
    expect(result.error).toBeNull();
    expect(result.status).toBe('passed');
    expect(result.backupId).toBe(backupId);
    expect(result.verification!.mismatches).toEqual([]);
    // 500 entries, the hash, the volatile key and the probe; the key written after the backup is not in it.
    expect(result.verification!.observed.keys).toBe(503);
    expect(Object.keys(result.verification!.expected.samples as object).length).toBeGreaterThan(5);
    expect(result.rtoSeconds).toBeGreaterThan(0);
    expect(new Date(result.servingAt!).getTime() - new Date(result.startedAt).getTime()).toBeCloseTo(result.rtoSeconds! * 1000, -1);
    expect(result.rpoSeconds).toBeGreaterThanOrEqual(0);
    expect(new Date(result.newestWriteAt!).getTime()).toBeLessThanOrEqual(new Date(result.startedAt).getTime());
    await scratchGone(result.scratchCluster!.id);
    // The scratch cluster is not listed among the fleet's drillable clusters, and the source has a verified restore.
    const summary = (await (await app.api('/api/restore-drills/summary')).json()) as {
      clusters: Array<{ cluster: { name: string }; atRisk: boolean; lastVerified: DrillJson | null }>;
      atRisk: string[];
    };
    const ledger = summary.clusters.find((c) => c.cluster.name === 'ledger')!;
    expect(ledger.atRisk).toBe(false);
    expect(ledger.lastVerified!.id).toBe(result.id);
    expect(summary.clusters.some((c) => c.cluster.name.includes('-drill-'))).toBe(false);
  });

  it('a drill that finds a mismatch fails loudly, pages the owning team, and still destroys its scratch cluster', async () => {
    const backupId = await backUp('ledger');
    const expected = await app.ctx.repos.drillFleet.expectationOf(backupId);
    const figures = expected!.figures as { keys: { min: number; max: number } };
    // As if the backup had been recorded with ten keys more than the restore gives back.
    await app.ctx.repos.backups.recordExpectation(backupId, {
      ...expected!,
      figures: { ...expected!.figures, keys: { min: figures.keys.min + 10, max: figures.keys.max + 10 } },
    });
    const result = await drill('ledger');
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/the restore holds \d+ keys; the backup was recorded with \d+/);
    expect(result.verification!.mismatches).toHaveLength(1);
    const op = await app.ctx.repos.operations.get(result.operationId);
    expect(op!.status).toBe('failed');
    expect(op!.error).toContain('does not hold what the backup did');
    const pages = (await (await app.api('/api/pages')).json()) as Array<{
      alert_name: string;
      status: string;
      summary: string;
      team: string;
    }>;
    const page = pages.find((p) => p.alert_name === 'RestoreDrillFailed');
    expect(page?.status).toBe('triggered');
    expect(page?.team).toBe('platform');
    expect(page?.summary).toContain('restore drill of ledger failed');
    await scratchGone(result.scratchCluster!.id);
    const summary = (await (await app.api('/api/restore-drills/summary')).json()) as {
      clusters: Array<{ cluster: { name: string }; lastDrill: DrillJson; lastVerified: DrillJson | null }>;
    };
    const ledger = summary.clusters.find((c) => c.cluster.name === 'ledger')!;
    expect(ledger.lastDrill.status).toBe('failed');
    expect(ledger.lastVerified?.status).toBe('passed');

    // A later drill of a good backup passes and resolves the page.
    await backUp('ledger');
    expect((await drill('ledger')).status).toBe('passed');
    const after = (await (await app.api('/api/pages')).json()) as Array<{ alert_name: string; status: string }>;
    expect(after.find((p) => p.alert_name === 'RestoreDrillFailed')?.status).toBe('resolved');
  });

  it('PostgreSQL: the probe table written before the backup is restored with its row count and checksum', async () => {
    const source = await create('payments-db', 'postgres');
    const primary = source.nodes.find((n) => n.role === 'primary')!;
    const client = new pg.Client({
      host: primary.host,
      port: primary.port,
      user: 'datafleet',
      password: source.password,
      database: 'postgres',
    });
    await client.connect();
    await client.query('CREATE TABLE payments (id int PRIMARY KEY, cents int)');
    await client.query('INSERT INTO payments SELECT g, g * 100 FROM generate_series(1, 1000) g');
    await backUp('payments-db');
    await backUp('payments-db');
    const probes = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM datafleet_probe');
    expect(probes.rows[0]!.n).toBe(2);
    await client.end();

    const result = await drill('payments-db');
    expect(result.error).toBeNull();
    expect(result.status).toBe('passed');
    expect(result.verification!.observed).toMatchObject({ rows: 2 });
    expect(result.verification!.expected.checksum).toBe(result.verification!.observed.checksum);
    expect(result.rtoSeconds).toBeGreaterThan(0);
    expect(result.rpoSeconds).toBeGreaterThanOrEqual(0);
    await scratchGone(result.scratchCluster!.id);
    // Source and scratch clusters both start under Patroni (an etcd member, a Patroni per node): on a loaded machine that outlasts the default.
  }, 600_000);

  it('refuses what it cannot drill, and another team may not drill the cluster (403), but may read its drills', async () => {
    const other = await teamWithToken(app, 'team-other');
    const refused = await app.api('/api/clusters/ledger/restore-drills', { method: 'POST', token: other });
    expect(refused.status).toBe(403);
    expect((await app.api('/api/clusters/ledger/restore-drills', { token: other })).status).toBe(200);
    const nothing = await app.api('/api/clusters/nope/restore-drills', { method: 'POST' });
    expect(nothing.status).toBe(404);
    const bad = await app.api('/api/clusters/ledger/restore-drills', { method: 'POST', json: { backupId: 'x' } });
    expect(bad.status).toBe(400);
    await create('fresh-cache', 'redis');
    const noBackup = await app.api('/api/clusters/fresh-cache/restore-drills', { method: 'POST' });
    expect(noBackup.status).toBe(422);
    expect(((await noBackup.json()) as { error: { message: string } }).error.message).toContain('back it up first');
  });

  it('the schedule drills a cluster whose last drill is older than a week, inside its window, and no other', async () => {
    const scan = await runRestoreDrillScan(app.ctx, app.services.restoreDrills);
    // ledger and payments-db were drilled moments ago; fresh-cache has no backup.
    expect(scan.started).toEqual([]);
    const later = await runRestoreDrillScan(
      { ...app.ctx, clock: { now: () => new Date(Date.now() + 7 * 86_400_000) } },
      app.services.restoreDrills,
      { clusterId: (await app.ctx.repos.clusters.find('payments-db'))!.id },
    );
    expect(later.started).toEqual(['payments-db']);
    const drills = (await (await app.api('/api/clusters/payments-db/restore-drills')).json()) as Array<
      DrillJson & { scheduled: boolean; requestedBy: string }
    >;
    expect(drills[0]!.scheduled).toBe(true);
    expect(drills[0]!.requestedBy).toBe('datafleet/restore-drill-schedule');
    await eventually(async () => {
      const op = await app.ctx.repos.operations.get(drills[0]!.operationId);
      return op?.status === 'succeeded' || op?.status === 'failed' ? op : null;
    }, 240_000);
  });

  it('the CLI drills a cluster and waits, lists its drills, and shows the fleet with the clusters at risk', async () => {
    const drilled = await cli('backups', 'drill', 'ledger', '--wait');
    expect(drilled.err).toBe('');
    expect(drilled.code).toBe(0);
    expect(drilled.out).toMatch(/^status\s+passed$/m);
    expect(drilled.out).toMatch(/^RPO\s+\d+(\.\d)? (s|min)$/m);
    expect(drilled.out).toMatch(/^RTO\s+\d+(\.\d)? (s|min)$/m);
    expect(drilled.out).toMatch(/^mismatches\s+none$/m);
    const listed = await cli('backups', 'drills', 'ledger');
    expect(listed.out.split('\n').filter((l) => / passed /.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(listed.out).toMatch(/ failed .*the restore holds \d+ keys/);
    const summary = await cli('backups', 'drill-summary');
    expect(summary.out).toMatch(/^fresh-cache .*AT RISK \(no verified restore in 14 days\)$/m);
    expect(summary.out).toMatch(/^ledger\s+redis\s+platform\s+\S+\s+\d/m);
  });
});
