import { describe, expect, it } from 'vitest';
import { modelFailover } from '../../services/providers/simulated/failover-model';
import type { SimInstanceRow } from '../../services/providers/simulated/rows';
import { createEngineRegistry } from '../../services/engines/registry';

const time = { seed: 42, timeScale: 60, retirementRate: 0 };
const model = createEngineRegistry().get('redis').simulated.failover!;
const diedAt = new Date('2026-12-01T10:00:00Z');

function row(name: string, role: string, patch: Partial<SimInstanceRow> = {}): SimInstanceRow {
  return {
    provider_id: name,
    name,
    cluster_id: 'c',
    region: 'us-east-1',
    zone: 'us-east-1a',
    engine: 'redis',
    version: '7.2.6',
    instance_type: 'r5.large',
    role,
    host: '10.0.0.1',
    port: 6379,
    kernel_version: 'k',
    data_gb: 1,
    launched_at: new Date('2026-11-01T00:00:00Z'),
    ready_at: new Date('2026-11-01T00:01:00Z'),
    stopped: false,
    failure: null,
    failed_at: null,
    retirement_at: null,
    terminated_at: null,
    ...patch,
  };
}

function cluster(i: number) {
  const primary = row(`cache-${i}-1`, 'primary', { failure: 'crash', failed_at: diedAt });
  return [primary, row(`cache-${i}-2`, 'replica'), row(`cache-${i}-3`, 'replica')];
}
const at = (simulatedSeconds: number) => new Date(diedAt.getTime() + (simulatedSeconds * 1000) / time.timeScale);

describe("the simulated cloud's HA manager", () => {
  it('leaves a running primary alone', () => {
    const [primary, ...replicas] = cluster(0);
    expect(modelFailover(time, model, { ...primary!, failure: null, failed_at: null }, [primary!, ...replicas], at(60))).toEqual({
      state: 'primary-up',
    });
  });

  it('promotes a running replica after the engine’s detection and election time, the same one every time', () => {
    const nodes = cluster(1);
    expect(modelFailover(time, model, nodes[0]!, nodes, at(model.detectSeconds.min - 0.5)).state).toBe('electing');
    const outcome = modelFailover(time, model, nodes[0]!, nodes, at(60));
    expect(outcome).toMatchObject({ state: 'promoted', managerKind: 'sentinel' });
    if (outcome.state !== 'promoted') return;
    expect(['cache-1-2', 'cache-1-3']).toContain(outcome.newPrimary);
    expect(outcome.unavailableMs).toBeGreaterThanOrEqual((model.detectSeconds.min + model.electSeconds.min) * 1000);
    expect(outcome.unavailableMs).toBeLessThanOrEqual((model.detectSeconds.max + model.electSeconds.max) * 1000);
    // Still electing just before its own drawn time, promoted from it on.
    expect(modelFailover(time, model, nodes[0]!, nodes, at(outcome.unavailableMs / 1000 - 0.1)).state).toBe('electing');
    expect(modelFailover(time, model, nodes[0]!, nodes, at(outcome.unavailableMs / 1000 + 0.1))).toEqual(outcome);
  });

  it('fails to elect for about the model’s share of primaries, and when no replica can be reached', () => {
    const outcomes = Array.from({ length: 2000 }, (_, i) => {
      const nodes = cluster(i);
      return modelFailover(time, model, nodes[0]!, nodes, at(60));
    });
    const failed = outcomes.filter((o) => o.state === 'failed');
    expect(failed.length / outcomes.length).toBeGreaterThan(model.electionFailureRate / 2);
    expect(failed.length / outcomes.length).toBeLessThan(model.electionFailureRate * 2);
    expect(failed[0]).toMatchObject({
      why: expect.stringMatching(/could not elect a replica in place of cache-\d+-1: no majority agreed/),
    });
    const unique = new Set(outcomes.filter((o) => o.state === 'promoted').map((o) => (o.state === 'promoted' ? o.unavailableMs : 0)));
    expect(unique.size).toBeGreaterThan(100); // drawn per failover, not one constant

    const cutOff = cluster(1).map((r, i) => (i === 0 ? r : { ...r, failure: 'network_partition' as const }));
    expect(modelFailover(time, model, cutOff[0]!, cutOff, at(60))).toMatchObject({
      state: 'failed',
      why: expect.stringMatching(/no healthy replica is left to promote/),
    });
  });
});
