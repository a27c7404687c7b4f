import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningDatafleet } from '../../services/app/app';
import { sleep } from '../../services/core/clock';
import { CONFIRMATIONS } from '../../services/health/hysteresis';

export const BASELINE_POLL_MS = 30_000;

export interface Death {
  node: string;
  killedAt: number;
  /** Kill → the node's unhealthy transition recorded by the stream path (measured). */
  streamMs: number;
  /** Kill → unhealthy for a poller every 30 s needing the same confirmations, at this same death instant. */
  baselineMs: number;
  /** How long the probe of the dead node took to fail (measured; part of both paths). */
  failedProbeMs: number;
}

async function api(app: RunningDatafleet, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${app.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${app.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | null | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await sleep(20);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/**
 * Real local redis-server nodes, SIGKILLed one at a time at random moments, with the worker's
 * collector and aggregator running at their interval. The stream path's detection is measured
 * (kill → the node's unhealthy transition in PostgreSQL). The baseline is a poller started with
 * the run, polling every 30 s and needing the same confirmations, evaluated at the same instants.
 */
export async function measureDetection(app: RunningDatafleet, deaths: number): Promise<Death[]> {
  const { ctx } = app;
  const pollerStartedAt = Date.now();
  await api(app, '/api/clusters', {
    name: 'detect-cache',
    engine: 'redis',
    owner: 'platform',
    expectedDataGb: 1,
    regions: ['local'],
    environment: 'prod',
  });
  const cluster = await until('cluster active', 120_000, async () => {
    const c = await ctx.repos.clusters.find('detect-cache');
    return c?.status === 'ACTIVE' ? c : undefined;
  });
  const replicas = (await ctx.repos.nodes.forCluster(cluster.id)).filter((n) => n.role === 'replica');
  const stateOf = async (nodeId: string) => (await ctx.repos.health.forCluster(cluster.id)).find((h) => h.targetId === nodeId)?.state;
  const engine = ctx.engines.get('redis');
  const results: Death[] = [];
  for (let i = 0; i < deaths; i += 1) {
    const node = replicas[i % replicas.length]!;
    await until(`${node.name} healthy`, 120_000, async () => (await stateOf(node.id)) === 'healthy');
    await sleep(Math.random() * ctx.config.healthIntervalMs * 2); // a death at any moment of the collector's round
    const { rows } = await ctx.pool.query<{ id: string }>('SELECT coalesce(max(id), 0) AS id FROM health_transitions');
    const pid = (JSON.parse(readFileSync(join(ctx.config.dataDir, 'local-nodes', node.name, 'node.json'), 'utf8')) as { pid: number }).pid;
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    const probe = await engine.probe(
      { name: node.name, host: node.host!, port: node.port!, role: node.role },
      { username: engine.adminUsername, password: 'unused' },
    );
    const down = await until(`${node.name} unhealthy`, 120_000, async () => {
      const found = await ctx.pool.query<{ at: Date }>(
        `SELECT at FROM health_transitions WHERE id > $1 AND target_id = $2 AND to_state = 'unhealthy' ORDER BY id LIMIT 1`,
        [rows[0]!.id, node.id],
      );
      return found.rows[0];
    });
    const firstPoll = pollerStartedAt + Math.ceil((killedAt - pollerStartedAt) / BASELINE_POLL_MS) * BASELINE_POLL_MS;
    const baselineMs = firstPoll + (CONFIRMATIONS - 1) * BASELINE_POLL_MS + probe.latencyMs - killedAt;
    results.push({
      node: node.name,
      killedAt,
      streamMs: down.at.getTime() - killedAt,
      baselineMs: Math.round(baselineMs),
      failedProbeMs: probe.latencyMs,
    });
    await ctx.providers.forRegion(node.region).startNode(node.providerId!);
  }
  return results;
}
