import { afterAll, beforeAll, expect } from 'vitest';
import { eventually, startTestApp, type TestApp } from './app';
import { startPageReceiver, type PageReceiver } from './page-receiver';

/** The PagerDuty triggers a receiver got about one cluster. */
export const pagesFor = (receiver: PageReceiver, cluster: string) =>
  receiver.received.filter(
    (r) => r.path === '/v2/enqueue' && r.body.event_action === 'trigger' && String(r.body.dedup_key).includes(`/${cluster}/`),
  );

/**
 * Creates a local cluster (prod unless told) and waits until it is active and health has seen its nodes healthy
 * (a node's first state raises nothing, so a death must come after it).
 */
export async function createWatchedCluster(
  app: TestApp,
  request: {
    name: string;
    owner: string;
    engine: string;
    synchronousReplication?: boolean;
    version?: string;
    sla?: { p99ReadMs: number; p99WriteMs: number; availability: number };
    /** With `expectedDataGb`: the size (prod and 1 GB unless told: three nodes of Redis or PostgreSQL). */
    environment?: 'prod' | 'test';
    expectedDataGb?: number;
  },
  timeoutMs = 120_000,
) {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { expectedDataGb: 1, environment: 'prod', ...request, regions: ['local'] },
  });
  expect(res.status).toBe(202);
  const cluster = await eventually(
    async () => {
      const c = await app.ctx.repos.clusters.find(request.name);
      if (c?.status === 'FAILED') throw new Error(`provision failed: ${c.statusReason}`);
      return c?.status === 'ACTIVE' ? c : undefined;
    },
    timeoutMs,
    250,
  );
  await eventually(async () => {
    const { rows } = await app.ctx.pool.query(
      "SELECT 1 FROM health_states WHERE cluster_id = $1 AND target_type = 'node' AND state = 'healthy'",
      [cluster.id],
    );
    return rows.length === cluster.nodeCount || rows.length >= 3;
  }, timeoutMs);
  return { cluster, nodes: await app.ctx.repos.nodes.forCluster(cluster.id), password: await app.ctx.repos.clusters.password(cluster.id) };
}

/** A test app whose pages go to a receiver of its own, with one owning team; stopped after the file. */
export function appWithPages(
  team: string,
  healthIntervalMs: number,
  config: Partial<TestApp['config']> = {},
): { app: () => TestApp; receiver: () => PageReceiver } {
  let app: TestApp;
  let receiver: PageReceiver;
  beforeAll(async () => {
    receiver = await startPageReceiver();
    app = await startTestApp({
      config: { healthIntervalMs, pagerDutyUrl: `${receiver.url}/v2/enqueue`, slackWebhookUrl: `${receiver.url}/slack`, ...config },
    });
    expect((await app.api('/api/teams', { method: 'POST', json: { name: team, email: `${team}@example.com` } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    receiver?.close();
  });
  return { app: () => app, receiver: () => receiver };
}
