import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { runCli } from '../../services/cli/main';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

type Json = Record<string, unknown> & { id: string };

async function activeCluster(body: Record<string, unknown>): Promise<void> {
  expect((await app.api('/api/clusters', { method: 'POST', json: body })).status).toBe(202);
  await eventually(
    async () => {
      const cluster = await app.ctx.repos.clusters.find(String(body.name));
      if (cluster?.status === 'FAILED') throw new Error(`provision failed: ${cluster.statusReason}`);
      return cluster?.status === 'ACTIVE';
    },
    120_000,
    250,
  );
}

async function finished(operationId: string): Promise<Json> {
  return eventually(
    async () => {
      const op = (await (await app.api(`/api/operations/${operationId}`)).json()) as Json & { status: string };
      return ['succeeded', 'failed', 'cancelled'].includes(op.status) ? op : null;
    },
    120_000,
    250,
  );
}

describe('benchmarks through the API', () => {
  it('lists the standard workloads', async () => {
    const res = await app.api('/api/workloads');
    expect(res.status).toBe(200);
    expect(((await res.json()) as Array<{ name: string }>).map((w) => w.name)).toEqual([
      'read-heavy-80-20',
      'balanced-50-50',
      'write-heavy-10-90',
    ]);
  });

  it('runs a workload against a real local Redis cluster and stores the run with its percentiles and sample', async () => {
    await activeCluster({
      name: 'bench-cache',
      engine: 'redis',
      owner: 'platform',
      expectedDataGb: 1,
      regions: ['local'],
      environment: 'test',
    });
    const res = await app.api('/api/clusters/bench-cache/benchmarks', {
      method: 'POST',
      json: { workloads: ['balanced-50-50'], durationSeconds: 2 },
    });
    expect(res.status).toBe(202);
    const { operation } = (await res.json()) as { operation: Json & { type: string; priority: number } };
    expect(operation.type).toBe('benchmark');
    expect(operation.priority).toBe(4);
    expect((await finished(operation.id)).status).toBe('succeeded');

    const runs = (await (await app.api('/api/clusters/bench-cache/benchmarks')).json()) as Array<Json & Record<string, never>>;
    expect(runs).toHaveLength(1);
    const run = runs[0]! as unknown as {
      id: string;
      operationId: string;
      workloadName: string;
      phase: string;
      simulated: boolean;
      errors: number;
      operations: number;
      opsPerSecond: number;
      latencyMs: { p50: number; p99: number; p999: number };
      nodeVersions: Array<{ role: string; version: string }>;
      samples?: unknown;
    };
    expect(run).toMatchObject({
      operationId: operation.id,
      workloadName: 'balanced-50-50',
      phase: 'on-demand',
      simulated: false,
      errors: 0,
    });
    expect(run.operations).toBeGreaterThan(100);
    expect(run.latencyMs.p99).toBeGreaterThan(0);
    expect(run.latencyMs.p999).toBeGreaterThanOrEqual(run.latencyMs.p99);
    expect(run.nodeVersions.some((n) => n.role === 'primary')).toBe(true);
    expect(run.samples).toBeUndefined(); // the list leaves the bulky parts out

    const detail = (await (await app.api(`/api/benchmarks/${run.id}`)).json()) as {
      percentiles: Array<{ percentile: number; latencyMs: number }>;
      samples: number[];
      histogram: string;
    };
    expect(detail.percentiles.find((p) => p.percentile === 99)?.latencyMs).toBe(run.latencyMs.p99);
    expect(detail.samples.length).toBeGreaterThan(100);
    expect(detail.samples.length).toBeLessThanOrEqual(2000);
    expect(detail.histogram.length).toBeGreaterThan(10);

    const audit = (await (await app.api('/api/clusters/bench-cache/audit')).json()) as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toContain('cluster.benchmark');

    const lines: string[] = [];
    expect(
      await runCli(['--url', app.url, '--token', app.adminToken, 'benchmarks', 'list', 'bench-cache'], { stdout: (t) => lines.push(t) }),
    ).toBe(0);
    expect(lines.join('')).toMatch(/balanced-50-50\s+on-demand/);
  });

  it('runs the whole standard set against a simulated cluster, labelled simulated', async () => {
    await activeCluster({
      name: 'bench-sim',
      engine: 'cassandra',
      owner: 'platform',
      expectedDataGb: 50,
      regions: ['us-east-1'],
      environment: 'test',
    });
    const lines: string[] = [];
    const code = await runCli(
      ['--url', app.url, '--token', app.adminToken, 'benchmarks', 'run', 'bench-sim', '--duration', '30', '--wait'],
      { stdout: (t) => lines.push(t) },
    );
    expect(code).toBe(0);
    const runs = (await (await app.api('/api/clusters/bench-sim/benchmarks')).json()) as Array<{
      workloadName: string;
      simulated: boolean;
      errors: number;
      operations: number;
      latencyMs: { p99: number };
    }>;
    expect(runs.map((r) => r.workloadName).sort()).toEqual(['balanced-50-50', 'read-heavy-80-20', 'write-heavy-10-90']);
    for (const run of runs) {
      expect(run.simulated).toBe(true);
      expect(run.errors).toBe(0);
      expect(run.operations).toBeGreaterThan(1000);
      expect(run.latencyMs.p99).toBeGreaterThan(0);
    }
    expect(lines.join('')).toContain('write-heavy-10-90');
  });

  it('refuses bad requests with a 4xx and stores nothing', async () => {
    const before = (await app.ctx.repos.operations.list({ type: 'benchmark', limit: 100 })).length;
    const cases: Array<[string, unknown, number]> = [
      ['/api/clusters/bench-cache/benchmarks', { workloads: ['no-such-workload'] }, 400],
      ['/api/clusters/bench-cache/benchmarks', { workloads: [] }, 400],
      ['/api/clusters/bench-cache/benchmarks', { durationSeconds: 0 }, 400],
      ['/api/clusters/bench-cache/benchmarks', { durationSeconds: 601 }, 400],
      ['/api/clusters/bench-cache/benchmarks', { durationSeconds: 2.5 }, 400],
      ['/api/clusters/bench-cache/benchmarks', { workloads: ['balanced-50-50', 'balanced-50-50'] }, 400],
      ['/api/clusters/bench-cache/benchmarks', { threads: 4 }, 400],
      ['/api/clusters/no-such-cluster/benchmarks', {}, 404],
    ];
    for (const [path, json, status] of cases) {
      const res = await app.api(path, { method: 'POST', json });
      expect(res.status, JSON.stringify(json)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
    expect((await app.api('/api/clusters/bench-cache/benchmarks', { method: 'POST', json: {}, token: null })).status).toBe(401);
    expect((await app.api('/api/benchmarks/not-a-run')).status).toBe(404);
    expect((await app.ctx.repos.operations.list({ type: 'benchmark', limit: 100 })).length).toBe(before);
    const runs = (await (await app.api('/api/clusters/bench-cache/benchmarks')).json()) as unknown[];
    expect(runs).toHaveLength(1);
  });
});
