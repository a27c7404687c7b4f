import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedProvider } from '../../services/providers/simulated/simulated-provider';
import { electionFails } from '../../services/providers/simulated/failover-model';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { withTransaction } from '../../services/infra/db/pool';
import { startPageReceiver, type PageReceiver } from '../helpers/page-receiver';

/*
 * Simulated Redis and PostgreSQL clusters (prod: a primary and replicas) fail over through the
 * simulated cloud's model of their HA manager (Sentinel, Patroni): a crashed primary's NodeDown is
 * remediated without a page (the modelled manager promoted a replica, recorded as a failover event
 * with its unavailable window, and a new replica replaces the dead node); when the manager cannot
 * elect (every replica cut off, or the seeded share of primaries whose election fails), exactly one page.
 */
let app: TestApp;
let receiver: PageReceiver;

beforeAll(async () => {
  receiver = await startPageReceiver();
  app = await startTestApp({ config: { healthIntervalMs: 500, pagerDutyUrl: `${receiver.url}/v2/enqueue` } });
});
afterAll(async () => {
  await app?.stop();
  receiver?.close();
});

const simulated = () => app.ctx.providers.forRegion('us-east-1') as SimulatedProvider;
/** PagerDuty triggers for a cluster's alert (the partitioned replicas' own health alerts page apart). */
const pages = (cluster: string, alertName = '') =>
  receiver.received.filter(
    (r) => r.body.event_action === 'trigger' && String(r.body.dedup_key).startsWith(`datafleet/${cluster}/${alertName}`),
  );

async function createCluster(name: string, engine: 'redis' | 'postgres' = 'redis') {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, owner: 'platform', engine, expectedDataGb: 5, regions: ['us-east-1'], environment: 'prod' },
  });
  expect(res.status).toBe(202);
  const cluster = await eventually(async () => {
    const c = await app.ctx.repos.clusters.find(name);
    return c?.status === 'ACTIVE' ? c : undefined;
  }, 60_000);
  // Health has seen every node well: a node's first state raises nothing, so a death must come after it.
  await eventually(async () => {
    const { rows } = await app.ctx.pool.query(
      "SELECT 1 FROM health_states WHERE cluster_id = $1 AND target_type = 'node' AND state = 'healthy'",
      [cluster.id],
    );
    return rows.length === cluster.nodeCount;
  }, 60_000);
  return { cluster, nodes: await app.ctx.repos.nodes.forCluster(cluster.id) };
}

const replacements = (clusterId: string) => app.ctx.repos.operations.list({ clusterId, type: 'replace_node', limit: 10 });
const replacementEnded = (clusterId: string) =>
  eventually(async () => {
    const [replace] = await replacements(clusterId);
    return replace && ['succeeded', 'failed'].includes(replace.status) ? replace : undefined;
  }, 60_000);

describe('failover in the simulated cloud', () => {
  it('a crashed primary: the modelled Sentinel promotes a replica, recorded with its window; the dead node replaced; no page', async () => {
    const { cluster, nodes } = await createCluster('sim-sessions');
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    const primary = nodes.find((n) => n.role === 'primary')!;
    await simulated().injectFailure(primary.providerId!, 'crash');

    const event = await eventually(async () => (await app.ctx.repos.failovers.forCluster(cluster.id))[0], 60_000, 250);
    expect(event).toMatchObject({ kind: 'failover', decidedBy: 'sentinel', oldPrimary: primary.name });
    expect(event.unavailableMs).toBeGreaterThanOrEqual(6000); // Sentinel's modelled detection and election, 6–14 s
    expect(event.unavailableMs).toBeLessThanOrEqual(14_000);
    const op = await eventually(async () => {
      const [replace] = await replacements(cluster.id);
      return replace && ['succeeded', 'failed'].includes(replace.status) ? replace : undefined;
    }, 60_000);
    expect(op.error ?? null).toBeNull();
    expect(op.status).toBe('succeeded');
    expect(event.operationId).toBe(op.id);

    const after = await app.ctx.repos.nodes.forCluster(cluster.id);
    expect(after).toHaveLength(nodes.length);
    expect(after.map((n) => n.name)).not.toContain(primary.name);
    expect(after.filter((n) => n.role === 'primary').map((n) => n.name)).toEqual([event.newPrimary]);
    const fleet = (await (await app.api('/api/failovers')).json()) as Array<{ clusterName: string; planned: boolean }>;
    expect(fleet).toContainEqual(expect.objectContaining({ clusterName: 'sim-sessions', planned: false }));
    expect(pages('sim-sessions')).toEqual([]);
  });

  it('no replica the managers can reach: no promotion, exactly one page', async () => {
    const { cluster, nodes } = await createCluster('sim-carts');
    const primary = nodes.find((n) => n.role === 'primary')!;
    for (const replica of nodes.filter((n) => n.role === 'replica'))
      await simulated().injectFailure(replica.providerId!, 'network_partition');
    await simulated().injectFailure(primary.providerId!, 'crash');

    const op = await eventually(async () => {
      const [replace] = await replacements(cluster.id);
      return replace && ['succeeded', 'failed'].includes(replace.status) ? replace : undefined;
    }, 60_000);
    expect(op.status).toBe('failed');
    expect(op.error).toMatch(/no healthy replica is left to promote/);
    await eventually(async () => pages('sim-carts', 'NodeDown').length >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(pages('sim-carts', 'NodeDown')).toHaveLength(1);
    expect(await app.ctx.repos.failovers.forCluster(cluster.id)).toEqual([]);
    expect((await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!.name).toBe(primary.name);
  });

  it('a crashed PostgreSQL primary: the modelled Patroni promotes a replica, recorded with its window; redundancy restored; no page', async () => {
    const { cluster, nodes } = await createCluster('sim-invoices', 'postgres');
    const primary = nodes.find((n) => n.role === 'primary')!;
    await simulated().injectFailure(primary.providerId!, 'crash');

    const event = await eventually(async () => (await app.ctx.repos.failovers.forCluster(cluster.id))[0], 60_000, 250);
    expect(event).toMatchObject({ kind: 'failover', decidedBy: 'patroni', oldPrimary: primary.name, before: { down: [primary.name] } });
    expect(event.unavailableMs).toBeGreaterThanOrEqual(22_000); // the leader lock running out (20–30 s), then the promotion (2–6 s)
    expect(event.unavailableMs).toBeLessThanOrEqual(36_000);
    const op = await replacementEnded(cluster.id);
    expect(op.error ?? null).toBeNull();
    expect(op.status).toBe('succeeded');
    expect(event.operationId).toBe(op.id);

    const after = await app.ctx.repos.nodes.forCluster(cluster.id);
    expect(after).toHaveLength(nodes.length);
    expect(after.map((n) => n.name)).not.toContain(primary.name);
    expect(after.filter((n) => n.role === 'primary').map((n) => n.name)).toEqual([event.newPrimary]);
    expect(after.filter((n) => n.role === 'replica')).toHaveLength(nodes.length - 1);
    expect(pages('sim-invoices')).toEqual([]);
  });

  it('a NodeDown replacement whose node answers again by the time it runs (it may wait behind the cluster lease) replaces nothing', async () => {
    const { cluster, nodes } = await createCluster('sim-returns');
    const replica = nodes.find((n) => n.role === 'replica')!;
    // What a confirmed NodeDown leaves when the node was down at intake: an open remediation and its
    // replacement. The node answers by the time the replacement runs (the provider reports it running).
    const opened = await app.ctx.repos.remediations.openGuarded({
      dedupKey: `datafleet/sim-returns/NodeDown/${replica.name}`,
      clusterId: cluster.id,
      node: replica.name,
      playbookId: 'replace-dead-node-after-failover',
      playbookVersion: 1,
      alertName: 'NodeDown',
      action: 'replace_node',
      notBefore: null,
      windowMs: 60_000,
      perClusterPerHour: 100,
      perFleetPerHour: 1000,
      capabilityRefused: false,
    });
    expect(opened.outcome).toBe('opened');
    const op = await withTransaction(app.ctx.pool, async (db) => {
      const recorded = await app.services.operations.record(db, {
        clusterId: cluster.id,
        type: 'replace_node',
        requestedBy: 'playbook:replace-dead-node-after-failover@1',
        reason: `NodeDown on ${replica.name}: it stopped answering`,
        params: { node: replica.name, alertId: 'alert-sim-returns', playbook: 'replace-dead-node-after-failover' },
      });
      await app.ctx.repos.remediations.attach(opened.detail, recorded.id, db);
      return recorded;
    });
    await app.services.operations.dispatch(op.id, op.priority);

    const ended = await replacementEnded(cluster.id);
    expect(ended).toMatchObject({ id: op.id, status: 'succeeded' });
    expect(ended.steps[0]!.checkpoint.recovered).toMatch(
      new RegExp(`^NodeDown no longer holds \\(the provider reports ${replica.name} running\\): nothing to replace$`),
    );
    const after = await app.ctx.repos.nodes.forCluster(cluster.id);
    expect(after.map((n) => `${n.name}:${n.role}`).sort()).toEqual(nodes.map((n) => `${n.name}:${n.role}`).sort());
    expect(await app.ctx.repos.failovers.forCluster(cluster.id)).toEqual([]);
    expect(pages('sim-returns')).toEqual([]);
  });

  it('a primary whose seeded election fails: no promotion, exactly one page', async () => {
    // The simulator decides per primary (seeded by its name) whether its managers ever agree: find
    // a cluster name whose first node, its primary, is one of the model's failed elections.
    const model = app.ctx.engines.get('redis').simulated.failover!;
    const seed = app.ctx.config.simulatorSeed;
    let name = '';
    for (let i = 0; !name && i < 1000; i++) if (electionFails(seed, model, `sim-quotes-${i}-us-east-1-0`)) name = `sim-quotes-${i}`;
    const { cluster, nodes } = await createCluster(name);
    const primary = nodes.find((n) => n.role === 'primary')!;
    expect(primary.name).toBe(`${name}-us-east-1-0`);
    await simulated().injectFailure(primary.providerId!, 'crash');

    const op = await replacementEnded(cluster.id);
    expect(op.status).toBe('failed');
    expect(op.error).toMatch(/Redis Sentinel \(simulated\) could not elect a replica in place of .*: no majority agreed/);
    await eventually(async () => pages(name, 'NodeDown').length >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(pages(name)).toHaveLength(1);
    expect(await app.ctx.repos.failovers.forCluster(cluster.id)).toEqual([]);
    expect((await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.role === 'primary')!.name).toBe(primary.name);
  });
});
