import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';
import { runCli } from '../../services/cli/main';

/*
 * A local prod Redis cluster with three real sentinels: a planned switchover to a named replica,
 * asked through the API, and another through the CLI; both recorded as planned failover events with
 * who asked. A rolling restart hands the primary role over before restarting the old primary.
 * Refusals: no HA manager, a node that is not a healthy replica, an unknown node.
 */
let app: TestApp;
let ownerToken: string;

beforeAll(async () => {
  app = await startTestApp();
  ownerToken = await teamWithToken(app, 'ledger');
}, 60_000);
afterAll(async () => {
  await app?.api('/api/clusters/ledger-cache', { method: 'DELETE', json: {} }).catch(() => undefined);
  await app?.stop();
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: ownerToken },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

const finished = (id: string) =>
  eventually(
    async () => {
      const op = await app.ctx.repos.operations.get(id);
      return op && ['succeeded', 'failed', 'cancelled'].includes(op.status) ? op : undefined;
    },
    120_000,
    250,
  );

interface FailoverJson {
  kind: string;
  planned: boolean;
  oldPrimary: string;
  newPrimary: string;
  requestedBy: string | null;
  operationId: string | null;
  clusterName: string;
  unavailableMs: number | null;
}

const roleOf = async (node: { host: string | null; port: number | null }, password: string) => {
  const client = new Redis({
    host: node.host!,
    port: node.port!,
    password,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  try {
    return ((await client.call('ROLE')) as unknown[])[0];
  } finally {
    client.disconnect();
  }
};

describe('planned switchover through the HA manager', () => {
  it('hands the primary to a named replica (API) and to the one Sentinel picks (CLI), recorded as planned with who asked', async () => {
    const created = await app.api('/api/clusters', {
      method: 'POST',
      token: ownerToken,
      json: { name: 'ledger-cache', owner: 'ledger', engine: 'redis', expectedDataGb: 1, regions: ['local'], environment: 'prod' },
    });
    expect(created.status).toBe(202);
    const cluster = await eventually(async () => {
      const c = await app.ctx.repos.clusters.find('ledger-cache');
      if (c?.status === 'FAILED') throw new Error(`provision failed: ${c.statusReason}`);
      return c?.status === 'ACTIVE' ? c : undefined;
    }, 120_000);
    expect(cluster.failoverManager).toMatchObject({ kind: 'sentinel' });
    const password = await app.ctx.repos.clusters.password(cluster.id);
    const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
    const primary = nodes.find((n) => n.role === 'primary')!;
    const target = nodes.filter((n) => n.role === 'replica').sort((a, b) => b.name.localeCompare(a.name))[0]!;
    const writer = new Redis({ host: primary.host!, port: primary.port!, password, lazyConnect: true, maxRetriesPerRequest: 0 });
    await writer.set('ledger:balance', '42');
    await writer.call('WAIT', '2', '2000');
    writer.disconnect();

    // Refusals change nothing: the primary as the target, a node that does not exist.
    const ops = (await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length;
    const toPrimary = await app.api('/api/clusters/ledger-cache/switchover', {
      method: 'POST',
      token: ownerToken,
      json: { toNode: primary.name, urgent: true },
    });
    expect(toPrimary.status).toBe(422);
    expect(((await toPrimary.json()) as { error: { message: string } }).error.message).toMatch(/not a healthy replica/);
    const unknown = await app.api('/api/clusters/ledger-cache/switchover', {
      method: 'POST',
      token: ownerToken,
      json: { toNode: 'nope', urgent: true },
    });
    expect(unknown.status).toBe(400);
    expect((await app.ctx.repos.operations.list({ clusterId: cluster.id, limit: 50 })).length).toBe(ops);

    // Not urgent, with the window hours away: held until it opens.
    const opensIn = new Date(Date.now() + 3 * 3600_000);
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][opensIn.getUTCDay()];
    const start = `${String(opensIn.getUTCHours()).padStart(2, '0')}:00`;
    expect(
      (
        await app.api('/api/clusters/ledger-cache', {
          method: 'PATCH',
          json: { maintenanceWindow: { day, start, durationMinutes: 60, timeZone: 'UTC' } },
        })
      ).status,
    ).toBe(200);
    const held = await app.api('/api/clusters/ledger-cache/switchover', { method: 'POST', token: ownerToken, json: {} });
    expect(held.status).toBe(202);
    const heldBody = (await held.json()) as { preview: { notBefore: string | null }; operation: { id: string; status: string } };
    expect(heldBody.preview.notBefore).toMatch(/^\d{4}-/);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await app.ctx.repos.operations.get(heldBody.operation.id))!.status).toBe('pending');
    await app.api(`/api/operations/${heldBody.operation.id}/cancel`, { method: 'POST', json: {} });

    // Urgent, to a named replica.
    const asked = await app.api('/api/clusters/ledger-cache/switchover', {
      method: 'POST',
      token: ownerToken,
      json: { toNode: target.name, urgent: true },
    });
    expect(asked.status).toBe(202);
    const body = (await asked.json()) as { preview: { from: string; to: string; notBefore: string | null }; operation: { id: string } };
    expect(body.preview).toMatchObject({ from: primary.name, to: target.name, notBefore: null });
    const op = await finished(body.operation.id);
    expect(op.error ?? null).toBeNull();
    expect(op.status).toBe('succeeded');
    expect((await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!.name).toBe(target.name);
    expect(await roleOf(target, password)).toBe('master');
    const reader = new Redis({ host: target.host!, port: target.port!, password, lazyConnect: true, maxRetriesPerRequest: 0 });
    expect(await reader.get('ledger:balance')).toBe('42');
    reader.disconnect();

    const events = (await (await app.api('/api/clusters/ledger-cache/failovers', { token: ownerToken })).json()) as FailoverJson[];
    expect(events[0]).toMatchObject({
      kind: 'switchover',
      planned: true,
      oldPrimary: primary.name,
      newPrimary: target.name,
      requestedBy: 'ledger/ledger-ci',
      operationId: body.operation.id,
      clusterName: 'ledger-cache',
    });
    const since = new Date(Date.now() - 120_000).toISOString();
    const fleet = (await (await app.api(`/api/failovers?since=${encodeURIComponent(since)}`)).json()) as FailoverJson[];
    expect(fleet.map((e) => e.operationId)).toContain(body.operation.id);
    expect((await app.api('/api/failovers?since=yesterday')).status).toBe(400);
    const audit = await app.ctx.pool.query("SELECT actor FROM audit_events WHERE action = 'cluster.switchover' AND target_id = $1", [
      cluster.id,
    ]);
    expect(audit.rows.map((r: { actor: string }) => r.actor)).toContain('ledger/ledger-ci');

    // The CLI, letting Sentinel pick.
    const switched = await cli('clusters', 'switchover', 'ledger-cache', '--urgent', '--wait');
    expect(switched.err).toBe('');
    expect(switched.code).toBe(0);
    expect(switched.out).toMatch(
      new RegExp(`^ledger-cache: ${target.name} hands the primary role to the replica Redis Sentinel picks; starts now`),
    );
    const after = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!;
    expect(after.name).not.toBe(target.name);
    const listed = await cli('clusters', 'failovers', 'ledger-cache');
    expect(listed.out).toContain(`${target.name} → ${after.name}`);
    expect(listed.out).toContain('planned');

    // A rolling restart switches the primary over before restarting it.
    const restart = await app.api('/api/clusters/ledger-cache/rolling-restart', {
      method: 'POST',
      token: ownerToken,
      json: { urgent: true },
    });
    expect(restart.status).toBe(202);
    const restartOp = await finished(((await restart.json()) as { operation: { id: string } }).operation.id);
    expect(restartOp.status).toBe('succeeded');
    const handed = (await app.ctx.repos.failovers.forCluster(cluster.id)).find((e) => e.operationId === restartOp.id);
    expect(handed).toMatchObject({ kind: 'switchover', oldPrimary: after.name });
  }, 300_000);

  it('refuses a cluster without an HA manager', async () => {
    await teamWithToken(app, 'sims');
    // memcached has no primary and no HA manager, real or modelled (simulated Redis switches over: simulated-switchover.test.ts).
    const created = await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'sim-cache', engine: 'memcached', owner: 'sims', expectedDataGb: 5, regions: ['us-east-1'], environment: 'test' },
    });
    expect(created.status).toBe(202);
    const cluster = await eventually(async () => {
      const c = await app.ctx.repos.clusters.find('sim-cache');
      return c?.status === 'ACTIVE' ? c : undefined;
    }, 60_000);
    const refused = await app.api('/api/clusters/sim-cache/switchover', { method: 'POST', json: { urgent: true } });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/no HA manager/);
    expect(await app.ctx.repos.operations.list({ clusterId: cluster.id, type: 'switchover', limit: 5 })).toEqual([]);
  }, 120_000);
});
