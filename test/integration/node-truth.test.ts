import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { runCli } from '../../services/cli/main';
import type { ClusterDetailView, ClusterView } from '../../services/api/json-types';

// A relaxed SLA keeps a probe slowed by a busy machine from making a live node degraded: this test is about dead or alive.
// Automatic remediation is off (no action allowed per hour), so the dead node stays dead until the test brings it back.
const INTERVAL_MS = 500;
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: { healthIntervalMs: INTERVAL_MS, remediationsPerClusterPerHour: 0 } });
});
afterAll(async () => {
  await app?.stop();
});

const detail = async (name: string) => (await (await app.api(`/api/clusters/${name}`)).json()) as ClusterDetailView;
const listed = async (name: string) => {
  const page = (await (await app.api(`/api/clusters?q=${name}`)).json()) as { items: ClusterView[] };
  return page.items.find((c) => c.name === name);
};
async function cli(...args: string[]): Promise<string> {
  let out = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken },
    cwd: '/nonexistent',
  });
  expect(code).toBe(0);
  return out;
}

describe('what a node and its cluster are shown as agrees with their health', () => {
  it('shows a SIGKILLed Redis node as unreachable with its cause, its cluster as having an unhealthy node, and healthy again once it is back', async () => {
    const name = 'truth-cache';
    expect(
      (
        await app.api('/api/clusters', {
          method: 'POST',
          json: {
            name,
            engine: 'redis',
            owner: 'platform',
            expectedDataGb: 1,
            regions: ['local'],
            environment: 'prod',
            sla: { p99ReadMs: 1000, p99WriteMs: 1000, availability: 99.9 },
          },
        })
      ).status,
    ).toBe(202);
    const healthy = await eventually(
      async () => {
        const c = await detail(name);
        return c.status === 'ACTIVE' && c.health?.state === 'healthy' && c.nodes.every((n) => n.health.state === 'healthy') ? c : undefined;
      },
      120_000,
      250,
    );
    expect(healthy.nodes.every((n) => n.displayState === 'running' && n.displayReason === null && n.health.score !== null)).toBe(true);
    expect(healthy.health).toMatchObject({ unhealthyNodes: [], degradedNodes: [] });
    expect((await listed(name))?.health).toMatchObject({ state: 'healthy', unhealthyNodes: [] });

    const victim = healthy.nodes.find((n) => n.role === 'replica')!;
    const record = JSON.parse(readFileSync(join(app.config.dataDir, 'local-nodes', victim.name, 'node.json'), 'utf8')) as { pid: number };
    process.kill(record.pid, 'SIGKILL');

    // Not a green "running": the lifecycle state stays what the provider was asked for, the shown state is the observed one.
    const dead = await eventually(
      async () => {
        const c = await detail(name);
        const n = c.nodes.find((x) => x.name === victim.name);
        return n?.health.state === 'unhealthy' && c.health?.unhealthyNodes.includes(victim.name) ? { c, n } : undefined;
      },
      60_000,
      100,
    );
    expect(dead.n).toMatchObject({ state: 'running', displayState: 'unreachable', health: { state: 'unhealthy', score: 0 } });
    expect(dead.n.displayReason).toMatch(/node (down|silent).*(ECONNREFUSED|no answer|no snapshot)/i);
    expect(dead.n.health.causes.join(' ')).toBe(dead.n.displayReason);
    expect(dead.c.status).toBe('ACTIVE'); // the lifecycle status is not rewritten by health…
    expect(['degraded', 'unhealthy']).toContain(dead.c.health!.state); // …the health beside it says what is wrong
    const others = dead.c.nodes.filter((n) => n.name !== victim.name);
    expect(others.every((n) => n.displayState === 'running')).toBe(true);

    const row = await eventually(async () => {
      const c = await listed(name);
      return c?.health?.unhealthyNodes.includes(victim.name) ? c : undefined;
    }, 30_000);
    expect(['degraded', 'unhealthy']).toContain(row.health!.state);
    const fieldsOnly = (await (await app.api(`/api/clusters?q=${name}&fields=name,health`)).json()) as {
      items: Array<Record<string, unknown>>;
    };
    expect(Object.keys(fieldsOnly.items[0]!).sort()).toEqual(['health', 'id', 'name']);

    const shown = await cli('clusters', 'get', name);
    const line = shown.split('\n').find((l) => l.startsWith(victim.name))!;
    expect(line).toMatch(/\bunreachable\b/);
    expect(line).toMatch(/unhealthy \(0\)/);
    expect(line).not.toMatch(/\brunning\b/);
    expect(shown).toMatch(new RegExp(`health\\s+(degraded|unhealthy) \\(1 unhealthy: ${victim.name}\\)`));
    expect(await cli('clusters', 'list', '--q', name)).toMatch(new RegExp(`(degraded|unhealthy) \\(1 unhealthy: ${victim.name}\\)`));

    // Back: the same node started again (as an operator would) is healthy and shown running again.
    const cluster = (await app.ctx.repos.clusters.find(name))!;
    const node = (await app.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.name === victim.name)!;
    await app.ctx.providers.forRegion(node.region).startNode(node.providerId!);
    const back = await eventually(
      async () => {
        const c = await detail(name);
        return c.health?.state === 'healthy' && c.nodes.every((n) => n.displayState === 'running' && n.health.state === 'healthy')
          ? c
          : undefined;
      },
      60_000,
      250,
    );
    expect(back.health).toMatchObject({ unhealthyNodes: [], degradedNodes: [] });
    expect(back.nodes.find((n) => n.name === victim.name)!.displayReason).toBeNull();
    await eventually(async () => (await listed(name))?.health?.state === 'healthy', 30_000);
    expect(await cli('clusters', 'get', name)).not.toMatch(/unreachable/);
  }, 240_000);

  it("names only live nodes: a terminated node's old health does not count against its cluster", async () => {
    const cluster = (await app.ctx.repos.clusters.find('truth-cache'))!;
    const ghost = '00000000-0000-4000-8000-00000000dead';
    await app.ctx.repos.health.transition({
      targetType: 'node',
      targetId: ghost,
      clusterId: cluster.id,
      fromState: null,
      toState: 'unhealthy',
      score: 0,
      causes: ['node down: gone'],
    });
    const summary = (await app.ctx.repos.health.clusterSummaries([cluster.id])).get(cluster.id);
    expect(summary?.unhealthyNodes).toEqual([]);
    expect((await detail('truth-cache')).health?.unhealthyNodes).toEqual([]);
  });
});
