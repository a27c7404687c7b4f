import { describe, expect, it } from 'vitest';
import { runWorkload } from '../../services/workload/runner';
import { StandardWorkloads } from '../../services/workload/standard';
import { percentilesOf } from '../../services/workload/latencies';
import type { RealDriver } from '../../services/workload/driver';
import type { SimulatedTargetNode, WorkloadTarget } from '../../services/workload/target';

const workload = { ...StandardWorkloads[1], durationSeconds: 30, warmupSeconds: 5 };
const node = (p99LatencyMs: number, state: SimulatedTargetNode['state'] = 'running'): SimulatedTargetNode => ({
  name: 'sim-0',
  role: 'primary',
  version: '7.2.5',
  state,
  p99LatencyMs,
});
const simulated = (nodes: SimulatedTargetNode[]): WorkloadTarget => ({
  kind: 'simulated',
  engine: 'redis',
  nodes,
  seed: 42,
  timeScale: 10_000,
});

describe('runWorkload on simulated nodes', () => {
  it('is deterministic for a seed, and another seed gives another sample', async () => {
    const a = await runWorkload(simulated([node(4)]), workload, { seed: 1 });
    const b = await runWorkload(simulated([node(4)]), workload, { seed: 1 });
    const c = await runWorkload(simulated([node(4)]), workload, { seed: 2 });
    expect(b.operations).toBe(a.operations);
    expect(b.latency).toEqual(a.latency);
    expect(b.samples).toEqual(a.samples);
    expect(c.samples).not.toEqual(a.samples);
  });

  it('follows the simulator: a node with twice the p99 gives about twice the latencies and half the throughput', async () => {
    const fast = await runWorkload(simulated([node(3)]), workload, { seed: 1 });
    const slow = await runWorkload(simulated([node(6)]), workload, { seed: 1 });
    expect(fast.simulated).toBe(true);
    expect(fast.latency.p99).toBeGreaterThan(2.4); // writes are a little slower than reads
    expect(fast.latency.p99).toBeLessThan(4.5);
    expect(slow.latency.p50 / fast.latency.p50).toBeCloseTo(2, 1);
    expect(fast.opsPerSecond / slow.opsPerSecond).toBeCloseTo(2, 1);
    expect(fast.byOperation.write.p50).toBeGreaterThan(fast.byOperation.read.p50);
  });

  it('leaves warm-up out, keeps at most 2,000 raw samples and a histogram that decodes to the same percentiles', async () => {
    const result = await runWorkload(simulated([node(4)]), workload, { seed: 3 });
    expect(result.measuredSeconds).toBe(30);
    expect(result.operations).toBeCloseTo(result.opsPerSecond * 30, -2);
    expect(result.samples).toHaveLength(2000);
    const p99 = percentilesOf(result.histogram).find((p) => p.percentile === 99)!.latencyMs;
    expect(p99).toBe(result.latency.p99);
    expect(result.latency.p999).toBeGreaterThanOrEqual(result.latency.p99);
  });

  it('counts every operation against a node that does not run as an error', async () => {
    const result = await runWorkload(simulated([node(0, 'failed')]), { ...workload, durationSeconds: 2, warmupSeconds: 0 }, { seed: 1 });
    expect(result.operations).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.errorMessages[0]).toMatch(/sim-0 is failed/);
  });

  it('holds the rate limit in virtual time', async () => {
    const result = await runWorkload(simulated([node(4)]), { ...workload, rateLimitPerSecond: 500 }, { seed: 1 });
    expect(result.opsPerSecond).toBeGreaterThan(480);
    expect(result.opsPerSecond).toBeLessThanOrEqual(501);
  });
});

describe('runWorkload loop with a driver in memory', () => {
  it('runs reads and writes in the workload ratio from every worker, recording none of the warm-up', async () => {
    const seen = { read: 0, write: 0, workers: new Set<number>() };
    const driver: RealDriver = {
      kind: 'real',
      open: async () => undefined,
      close: async () => undefined,
      read: async (worker) => {
        seen.read += 1;
        seen.workers.add(worker);
      },
      write: async (worker) => {
        seen.write += 1;
        seen.workers.add(worker);
      },
    };
    const target: WorkloadTarget = { kind: 'real', engine: 'redis', nodes: [], credentials: { username: 'u', password: 'p' } };
    const result = await runWorkload(
      target,
      { ...StandardWorkloads[0], concurrency: 4, durationSeconds: 0.3, warmupSeconds: 0.2 },
      { driver },
    );
    expect(seen.workers).toEqual(new Set([0, 1, 2, 3]));
    expect(seen.read / (seen.read + seen.write)).toBeCloseTo(0.8, 1);
    expect(result.operations).toBeGreaterThan(0);
    expect(result.operations).toBeLessThan(seen.read + seen.write); // warm-up calls happened, unrecorded
    expect(result.errors).toBe(0);
  });

  it('cuts off calls that hang past the run by closing the driver, and still returns a result', async () => {
    let closed = 0;
    const driver: RealDriver = {
      kind: 'real',
      open: async () => undefined,
      close: async () => {
        closed += 1;
      },
      read: () => new Promise(() => undefined),
      write: () => new Promise(() => undefined),
    };
    const target: WorkloadTarget = { kind: 'real', engine: 'redis', nodes: [], credentials: { username: 'u', password: 'p' } };
    const started = performance.now();
    const result = await runWorkload(
      target,
      { ...StandardWorkloads[0], durationSeconds: 0.2, warmupSeconds: 0 },
      { driver, timeoutMs: 200 },
    );
    expect(performance.now() - started).toBeLessThan(15_000); // a hang would never return; the bound leaves room for a busy machine
    expect(closed).toBeGreaterThanOrEqual(1);
    expect(result.operations).toBe(0);
  });
});
