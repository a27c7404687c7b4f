import { describe, expect, it } from 'vitest';
import { nodeChange } from '../../services/providers/simulated/lifecycle';
import { metricsFor } from '../../services/providers/simulated/metrics';
import { rebootSeconds, realMs, startSeconds } from '../../services/providers/simulated/instance-plan';
import type { SimInstanceRow } from '../../services/providers/simulated/rows';
import { compareRuns } from '../../services/upgrades/upgrade-gate';
import { seededRandom } from '../../services/upgrades/sample-statistics';
import { quantile, mean } from 'simple-statistics';
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
    // Requests spread log-normally around the node's p99 (σ = 0.5: p99 ≈ 3.2 × median), as a benchmark sees them.
    const samples = (version: string, seed: number) => {
      const random = seededRandom(seed);
      const median = p99(version) / Math.exp(2.326 * 0.5);
      return Array.from(
        { length: 3000 },
        () => median * Math.exp(0.5 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())),
      );
    };
    const run = (version: string, seed: number) => {
      const s = samples(version, seed);
      return { samplesMs: s, p99Ms: quantile(s, 0.99), meanMs: mean(s) };
    };
    expect(p99('4.1.7') / p99('4.1.6')).toBeCloseTo(1.8, 2);
    const slaP99Ms = p99('4.1.6') * 3;
    expect(compareRuns(run('4.1.6', 1), run('4.1.7', 2), { slaP99Ms }).verdict).toBe('regression');
    expect(compareRuns(run('4.1.6', 1), run('4.1.6', 2), { slaP99Ms }).verdict).toBe('pass');
  });
});
