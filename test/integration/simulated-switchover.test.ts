import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedProvider } from '../../services/providers/simulated/simulated-provider';
import { runCli } from '../../services/cli/main';
import { startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded } from '../helpers/cluster-waits';
import { teamWithToken } from '../helpers/teams';

/*
 * Planned switchovers of simulated clusters go through the HA manager the simulated cloud models
 * (Patroni for PostgreSQL, Sentinel for Redis), as a real cluster's go through its own: asked
 * through the API and the CLI, recorded as planned failover events with the modelled window and
 * who asked, the roles swapped in Datafleet and in the simulator. Refusals change nothing.
 */
let app: TestApp;
let ownerToken: string;

beforeAll(async () => {
  app = await startTestApp();
  ownerToken = await teamWithToken(app, 'orders');
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

const simulated = () => app.ctx.providers.forRegion('us-east-1') as SimulatedProvider;

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

async function prodCluster(name: string, engine: 'postgres' | 'redis') {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, owner: 'orders', engine, expectedDataGb: 5, regions: ['us-east-1'], environment: 'prod' },
  });
  expect(res.status).toBe(202);
  const { id } = await untilActive(app, name);
  const nodes = await app.ctx.repos.nodes.forCluster(id);
  expect(nodes.length).toBeGreaterThanOrEqual(3);
  return { id, nodes, primary: nodes.find((n) => n.role === 'primary')!, replicas: nodes.filter((n) => n.role === 'replica') };
}

/** Each node's role as the simulated cloud has it. */
async function simulatedRoles(clusterId: string): Promise<Record<string, string>> {
  const { rows } = await app.ctx.pool.query<{ name: string; role: string }>(
    'SELECT name, role FROM sim_instances WHERE cluster_id = $1 AND terminated_at IS NULL',
    [clusterId],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.role]));
}

const switchovers = (clusterId: string) => app.ctx.repos.operations.list({ clusterId, type: 'switchover', limit: 10 });

interface ApiError {
  error: { code: string; message: string };
}

describe('planned switchover of simulated clusters', () => {
  it('PostgreSQL: to a named replica through the API; the modelled Patroni hands over, recorded with its window', async () => {
    const { id, nodes, primary, replicas } = await prodCluster('sim-ledger', 'postgres');
    const target = replicas[0]!;

    const preview = await app.api('/api/clusters/sim-ledger/switchover?dryRun=true', {
      method: 'POST',
      token: ownerToken,
      json: { toNode: target.name, urgent: true },
    });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toEqual({
      preview: { from: primary.name, to: target.name, manager: 'Patroni (simulated)', notBefore: null },
    });
    expect(await switchovers(id)).toEqual([]);

    const res = await app.api('/api/clusters/sim-ledger/switchover', {
      method: 'POST',
      token: ownerToken,
      json: { toNode: target.name, urgent: true },
    });
    expect(res.status).toBe(202);
    const { operation } = (await res.json()) as { operation: { id: string } };
    await untilSucceeded(app, operation.id);

    const [event, ...others] = await app.ctx.repos.failovers.forCluster(id);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      kind: 'switchover',
      decidedBy: 'patroni',
      oldPrimary: primary.name,
      newPrimary: target.name,
      operationId: operation.id,
      before: { primary: primary.name, down: [] },
      after: { primary: target.name, down: [] },
    });
    expect(event!.after.replicas).toContain(primary.name);
    // Patroni's modelled election alone (2–6 s): a primary that steps down is not waited out.
    expect(event!.unavailableMs).toBeGreaterThanOrEqual(2000);
    expect(event!.unavailableMs).toBeLessThanOrEqual(6000);

    const after = await app.ctx.repos.nodes.forCluster(id);
    expect(after.map((n) => n.name).sort()).toEqual(nodes.map((n) => n.name).sort());
    expect(after.filter((n) => n.role === 'primary').map((n) => n.name)).toEqual([target.name]);
    const roles = await simulatedRoles(id);
    expect(roles[target.name]).toBe('primary');
    expect(roles[primary.name]).toBe('replica');

    const listed = (await (await app.api('/api/clusters/sim-ledger/failovers')).json()) as Array<Record<string, unknown>>;
    expect(listed[0]).toMatchObject({
      kind: 'switchover',
      planned: true,
      requestedBy: 'orders/orders-ci',
      unavailableMs: event!.unavailableMs,
    });
  }, 180_000);

  it('refuses, changing nothing: the primary as target, an unknown node, a replica cut off from the managers, a crashed primary', async () => {
    const { id, primary, replicas } = await prodCluster('sim-billing', 'postgres');
    const ask = (json: Record<string, unknown>) =>
      app.api('/api/clusters/sim-billing/switchover', { method: 'POST', token: ownerToken, json: { urgent: true, ...json } });

    const toPrimary = await ask({ toNode: primary.name });
    expect(toPrimary.status).toBe(422);
    expect(((await toPrimary.json()) as ApiError).error.message).toMatch(/is not a healthy replica: it is the primary/);
    const unknown = await ask({ toNode: 'sim-billing-us-east-1-99' });
    expect(unknown.status).toBe(400);

    const cutOff = replicas[0]!;
    await simulated().injectFailure(cutOff.providerId!, 'network_partition');
    const toCutOff = await ask({ toNode: cutOff.name });
    expect(toCutOff.status).toBe(422);
    expect(((await toCutOff.json()) as ApiError).error.message).toMatch(/Patroni \(simulated\) sees it down, cut off or not at all/);
    await simulated().clearFailure(cutOff.providerId!);

    // A primary that is down is failed over by the manager, not switched over.
    await simulated().injectFailure(primary.providerId!, 'crash');
    const whileDown = await ask({});
    expect(whileDown.status).toBe(409);
    expect(((await whileDown.json()) as ApiError).error.message).toMatch(/is failed: Patroni \(simulated\) fails it over instead/);

    expect(await switchovers(id)).toEqual([]);
  }, 180_000);

  it('Redis: through the CLI to the replica the modelled Sentinel picks; listed as planned', async () => {
    const { id, primary } = await prodCluster('sim-carts-cache', 'redis');

    const switched = await cli('clusters', 'switchover', 'sim-carts-cache', '--urgent', '--wait');
    expect(switched.err).toBe('');
    expect(switched.code).toBe(0);
    expect(switched.out).toMatch(
      new RegExp(
        `^sim-carts-cache: ${primary.name} hands the primary role to the replica Redis Sentinel \\(simulated\\) picks; starts now`,
      ),
    );

    const [event] = await app.ctx.repos.failovers.forCluster(id);
    expect(event).toMatchObject({ kind: 'switchover', decidedBy: 'sentinel', oldPrimary: primary.name });
    expect(event!.unavailableMs).toBeGreaterThanOrEqual(1000); // Sentinel's modelled election, 1–4 s
    expect(event!.unavailableMs).toBeLessThanOrEqual(4000);
    const newPrimary = (await app.ctx.repos.nodes.forCluster(id)).find((n) => n.role === 'primary')!;
    expect(newPrimary.name).toBe(event!.newPrimary);
    expect(newPrimary.name).not.toBe(primary.name);
    expect((await simulatedRoles(id))[newPrimary.name]).toBe('primary');

    const listed = await cli('clusters', 'failovers', 'sim-carts-cache');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`${primary.name} → ${newPrimary.name}`);
    expect(listed.out).toContain('planned');
  }, 180_000);

  it("a running primary's replacement is handed the role by the modelled Patroni once it holds the data, recorded as a switchover", async () => {
    const { id, nodes, primary } = await prodCluster('sim-payments', 'postgres');
    const { id: operationId, priority } = await app.services.operations.request({
      clusterId: id,
      type: 'replace_node',
      requestedBy: 'orders/orders-ci',
      reason: 'host retiring',
      params: { node: primary.name },
    });
    expect(priority).toBeGreaterThan(0);
    await untilSucceeded(app, operationId);

    const [event, ...others] = await app.ctx.repos.failovers.forCluster(id);
    expect(others).toEqual([]);
    const live = await app.ctx.repos.nodes.forCluster(id);
    expect(live.map((n) => n.name)).not.toContain(primary.name);
    const newPrimary = live.find((n) => n.role === 'primary')!;
    expect(nodes.map((n) => n.name)).not.toContain(newPrimary.name); // the replacement itself
    expect(event).toMatchObject({
      kind: 'switchover',
      decidedBy: 'patroni',
      oldPrimary: primary.name,
      newPrimary: newPrimary.name,
      operationId,
    });
    expect(event!.unavailableMs).toBeGreaterThanOrEqual(2000);
    expect((await simulatedRoles(id))[newPrimary.name]).toBe('primary');
  }, 180_000);
});
