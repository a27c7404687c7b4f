import { describe, expect, it } from 'vitest';
import { between, fakeHost, kernelFor, unitFrom } from '../../services/providers/simulated/randomness';
import { planInstance, realMs, type SimulatorTime } from '../../services/providers/simulated/instance-plan';
import { stateAt, type SimInstanceRow } from '../../services/providers/simulated/rows';
import { restartChange, startChange } from '../../services/providers/simulated/lifecycle';
import { metricsFor } from '../../services/providers/simulated/metrics';
import { testEngines } from '../helpers/engines';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const time = (overrides: Partial<SimulatorTime> = {}): SimulatorTime => ({ seed: 42, timeScale: 60, retirementRate: 0.02, ...overrides });
const names = Array.from({ length: 200 }, (_, i) => `orders-cache-us-east-1-${i}`);

function row(overrides: Partial<SimInstanceRow> = {}): SimInstanceRow {
  return {
    provider_id: 'n',
    name: 'n',
    cluster_id: 'c',
    region: 'us-east-1',
    zone: 'us-east-1a',
    engine: 'cassandra',
    version: '4.1.6',
    instance_type: 'i3.xlarge',
    role: 'member',
    host: '10.0.0.1',
    port: 9042,
    kernel_version: 'k',
    data_gb: 100,
    launched_at: t0,
    ready_at: at(2000),
    stopped: false,
    failure: null,
    failed_at: null,
    retirement_at: null,
    terminated_at: null,
    ...overrides,
  };
}

describe('the simulator is deterministic', () => {
  it('derives the same values from the same seed and key, different ones otherwise', () => {
    expect(unitFrom(42, 'node-a')).toBe(unitFrom(42, 'node-a'));
    expect(unitFrom(42, 'node-a')).not.toBe(unitFrom(43, 'node-a'));
    expect(fakeHost(42, 'node-a')).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(kernelFor(1, 'x')).toBe(kernelFor(1, 'x'));
    for (const name of names) expect(between(9, 60, 180, name, 'boot')).toBeGreaterThanOrEqual(60);
  });

  it('plans the same fleet from the same seed, and another fleet from another seed', () => {
    const plan = (seed: number) =>
      names.map((name) => planInstance(time({ seed }), { name }, t0, testEngines.get('cassandra').simulated.defaultPort));
    expect(plan(42)).toEqual(plan(42));
    const other = plan(43);
    expect(plan(42).filter((p, i) => p.host === other[i]!.host).length).toBeLessThan(5);
    for (const p of plan(42)) {
      expect(p.bootSeconds).toBeGreaterThanOrEqual(60);
      expect(p.bootSeconds).toBeLessThanOrEqual(180);
      expect(p.port).toBe(9042);
    }
    expect(new Set(plan(42).map((p) => p.bootSeconds)).size).toBeGreaterThan(50); // jitter, not one boot time for all
  });

  it('runs simulated time at the configured scale', () => {
    const slow = planInstance(time({ timeScale: 1 }), { name: 'n-1' }, t0, testEngines.get('redis').simulated.defaultPort);
    const fast = planInstance(time({ timeScale: 60 }), { name: 'n-1' }, t0, testEngines.get('redis').simulated.defaultPort);
    expect(slow.bootSeconds).toBe(fast.bootSeconds);
    expect(slow.readyAt.getTime() - t0.getTime()).toBe(slow.bootSeconds * 1000);
    expect(fast.readyAt.getTime() - t0.getTime()).toBeCloseTo((fast.bootSeconds * 1000) / 60, 0);
    expect(realMs({ timeScale: 3600 }, 86_400)).toBe(24_000); // a simulated day in 24 real seconds
  });

  it('schedules retirements for about the configured share of nodes, two weeks after the notice', () => {
    const plans = names.map((name) =>
      planInstance(time({ retirementRate: 0.25, timeScale: 1 }), { name }, t0, testEngines.get('redis').simulated.defaultPort),
    );
    const retiring = plans.filter((p) => p.retirement);
    expect(retiring.length).toBeGreaterThan(25);
    expect(retiring.length).toBeLessThan(80);
    for (const { retirement } of retiring) expect(retirement!.deadline.getTime() - retirement!.noticeAt.getTime()).toBe(14 * 86_400_000);
    expect(
      names.map(
        (name) => planInstance(time({ retirementRate: 0 }), { name }, t0, testEngines.get('redis').simulated.defaultPort).retirement,
      ),
    ).not.toContainEqual(expect.anything());
  });
});

describe('simulated node state', () => {
  it('follows from timestamps and flags', () => {
    expect(stateAt(row(), at(1000))).toBe('pending');
    expect(stateAt(row(), at(2000))).toBe('running');
    expect(stateAt(row({ failure: 'crash' }), at(5000))).toBe('failed');
    expect(stateAt(row({ failure: 'disk_full' }), at(5000))).toBe('running');
    expect(stateAt(row({ stopped: true }), at(5000))).toBe('stopped');
    expect(stateAt(row({ retirement_at: at(4000) }), at(3000))).toBe('running');
    expect(stateAt(row({ retirement_at: at(4000) }), at(4000))).toBe('stopped');
    expect(stateAt(row({ terminated_at: at(3000) }), at(5000))).toBe('terminated');
  });

  it('recovers from a crash only when a reboot completes, reported at that moment', () => {
    const crashed = row({ failure: 'crash', failed_at: at(3000) });
    const change = restartChange(time({ timeScale: 1 }), crashed, at(10_000));
    const after = { ...crashed, ...change.set };
    expect(stateAt(after, at(10_001))).toBe('pending');
    expect(after.ready_at.getTime() - 10_000 - t0.getTime()).toBeGreaterThanOrEqual(20_000);
    expect(stateAt(after, after.ready_at)).toBe('running');
    expect(change.events).toEqual([{ type: 'node_recovered', at: after.ready_at, detail: 'rebooted after a crash' }]);
  });

  it('starts only a node that is down, on healthy hardware', () => {
    expect(startChange(time(), row(), at(5000))).toEqual({});
    const retired = row({ retirement_at: at(4000), failure: 'crash' });
    const change = startChange(time(), retired, at(5000));
    expect(change.set).toMatchObject({ stopped: false, retirement_at: null, failure: null });
    expect(change.dropFuture).toBe('retirement_scheduled');
  });
});

describe('simulated metrics', () => {
  const input = { seed: 42, timeScale: 60, now: at(3_600_000), instance: { vcpu: 4, diskGb: 950 }, engine: testEngines.get('cassandra') };

  it('are a pure function of seed, node and time, and marked simulated', () => {
    expect(metricsFor(row(), input)).toEqual(metricsFor(row(), input));
    const m = metricsFor(row(), input);
    expect(m.simulated).toBe(true);
    expect(m.cpuPercent).toBeGreaterThan(0);
    expect(m.cpuPercent).toBeLessThanOrEqual(100);
    expect(m.p99LatencyMs).toBeGreaterThan(0);
  });

  it('grow disk use with simulated time, pin it on disk_full, and go quiet when the node is down', () => {
    const later = metricsFor(row(), { ...input, now: at(30 * 3_600_000) });
    expect(later.diskUsedGb).toBeGreaterThan(metricsFor(row(), input).diskUsedGb);
    expect(metricsFor(row({ failure: 'disk_full' }), input).diskUsedGb).toBe(950);
    expect(metricsFor(row({ failure: 'network_partition' }), input).p99LatencyMs).toBeGreaterThan(
      metricsFor(row(), input).p99LatencyMs * 10,
    );
    expect(metricsFor(row({ stopped: true }), input)).toMatchObject({ state: 'stopped', readsPerSecond: 0, writesPerSecond: 0 });
  });
});
