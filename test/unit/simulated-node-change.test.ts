import { describe, expect, it } from 'vitest';
import { nodeChange } from '../../services/providers/simulated/lifecycle';
import { metricsFor } from '../../services/providers/simulated/metrics';
import { rebootSeconds, realMs, startSeconds } from '../../services/providers/simulated/instance-plan';
import type { SimInstanceRow } from '../../services/providers/simulated/rows';
import { judgeUpgrade, type WorkloadRun } from '../../services/upgrades/upgrade-gate';
import { seededRandom } from '../../services/core/random';
import { SimulatedDriver } from '../../services/workload/simulated-driver';
import { SliceRecorder } from '../../services/workload/slices';
import { testEngines } from '../helpers/engines';

const time = { seed: 42, timeScale: 60, retirementRate: 0 };
const launched = new Date('2026-11-01T00:00:00Z');
const now = new Date('2026-11-18T12:00:00Z');
const row = (over: Partial<SimInstanceRow> = {}): SimInstanceRow => ({
  provider_id: 'events-0',
  name: 'events-0',
  cluster_id: 'c',
  region: 'us-east-1',
  zone: 'us-east-1a',
  engine: 'cassandra',
  version: '4.1.6',
  instance_type: 'r5.large',
  role: 'member',
  host: '10.1.2.3',
  port: 9042,
  kernel_version: '6.1.0-25-cloud-amd64',
  data_gb: 50,
  launched_at: launched,
  ready_at: launched,
  stopped: false,
  failure: null,
  failed_at: null,
  retirement_at: null,
  terminated_at: null,
  ...over,
});

describe('simulated node change', () => {
  it('reboots the node onto a new version or kernel', () => {
    const change = nodeChange(time, row(), now, { version: '4.1.7', kernelVersion: '6.8.0-1015-aws' });
    expect(change.set).toMatchObject({ version: '4.1.7', kernel_version: '6.8.0-1015-aws' });
    expect(change.set?.ready_at?.getTime()).toBe(Math.floor(now.getTime() + realMs(time, rebootSeconds(42, 'events-0'))));
  });

  it('stops and starts it on new hardware, leaving a retirement and a crash behind', () => {
    const change = nodeChange(time, row({ failure: 'crash', failed_at: now, retirement_at: new Date('2026-12-01T00:00:00Z') }), now, {
      instanceType: 'r5.xlarge',
    });
    expect(change.set).toMatchObject({ instance_type: 'r5.xlarge', stopped: false, retirement_at: null, failure: null });
    expect(change.set?.ready_at?.getTime()).toBe(Math.floor(now.getTime() + realMs(time, startSeconds(42, 'events-0'))));
    expect(change.dropFuture).toBe('retirement_scheduled');
  });

  it('leaves a running node that already has the change alone', () => {
    expect(nodeChange(time, row({ version: '4.1.7' }), now, { version: '4.1.7' })).toEqual({});
  });

  it('makes the regressing version fail the upgrade gate, and an ordinary patch pass it', () => {
    const instance = { vcpu: 2, diskGb: 200 };
    const p99 = (version: string) =>
      metricsFor(row({ version }), { seed: 42, timeScale: 60, now, instance, engine: testEngines.get('cassandra') }).p99LatencyMs;
    // Requests drawn by the simulated driver (drift and tail variability included), cut into slices as a benchmark does.
    const run = (version: string, seed: number): WorkloadRun => {
      const driver = new SimulatedDriver([{ name: 'n', role: 'primary', version, state: 'running', p99LatencyMs: p99(version) }], 1, seed);
      const slices = new SliceRecorder(5000, 20);
      const random = seededRandom(seed);
      for (let at = 0; at < 5000; at += 0.5) slices.record(at, driver.latency(0, 'read', random, at) as number);
      const summaries = slices.summaries();
      const worst = Math.max(...summaries.map((s) => s.p99Ms));
      return { p99Ms: worst, meanMs: 0, slices: summaries, byOperation: { read: { count: 0, p99: 0 }, write: { count: 0, p99: 0 } } };
    };
    expect(p99('4.1.7') / p99('4.1.6')).toBeCloseTo(1.8, 2);
    const sla = { p99ReadMs: p99('4.1.6') * 3, p99WriteMs: p99('4.1.6') * 3, availability: 99.9 };
    const judge = (after: string) => judgeUpgrade([{ workload: 'w', before: run('4.1.6', 1), after: run(after, 2) }], sla).verdict;
    expect(judge('4.1.7')).toBe('regression');
    expect(judge('4.1.6')).toBe('pass');
  });

  it("gives a benchmark the node's version speed whatever the hour's traffic, while production p99 follows the daily cycle", () => {
    const instance = { vcpu: 2, diskGb: 200 };
    const at = (hour: number, version = '4.1.6', failure: SimInstanceRow['failure'] = null) =>
      metricsFor(row({ version, failure }), {
        seed: 42,
        timeScale: 60,
        now: new Date(now.getTime() + (hour * 3_600_000) / 60),
        instance,
        engine: testEngines.get('cassandra'),
      });
    const day = Array.from({ length: 24 }, (_, hour) => at(hour));
    const production = day.map((m) => m.p99LatencyMs);
    expect(Math.max(...production) / Math.min(...production)).toBeGreaterThan(1.05);
    expect(new Set(day.map((m) => m.benchmarkP99Ms)).size).toBe(1);
    expect(at(3, '4.1.7').benchmarkP99Ms / at(15).benchmarkP99Ms).toBeCloseTo(1.8, 2);
    expect(at(3, '4.1.6', 'disk_full').benchmarkP99Ms).toBeCloseTo(at(3).benchmarkP99Ms * 5, 1);
  });
});
