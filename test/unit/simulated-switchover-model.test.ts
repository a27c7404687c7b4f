import { describe, expect, it } from 'vitest';
import { modelSwitchover } from '../../services/providers/simulated/switchover-model';
import type { SimInstanceRow } from '../../services/providers/simulated/rows';
import { createEngineRegistry } from '../../services/engines/registry';

const time = { seed: 42, timeScale: 60, retirementRate: 0 };
const model = createEngineRegistry().get('postgres').simulated.failover!;
const askedAt = new Date('2026-12-01T10:00:00Z');
const at = (simulatedSeconds: number) => new Date(askedAt.getTime() + (simulatedSeconds * 1000) / time.timeScale);

function row(name: string, role: string, patch: Partial<SimInstanceRow> = {}): SimInstanceRow {
  return {
    provider_id: name,
    name,
    cluster_id: 'c',
    region: 'us-east-1',
    zone: 'us-east-1a',
    engine: 'postgres',
    version: '16.4',
    instance_type: 'r5.large',
    role,
    host: '10.0.0.1',
    port: 5432,
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

const cluster = (i: number) => [row(`db-${i}-1`, 'primary'), row(`db-${i}-2`, 'replica'), row(`db-${i}-3`, 'replica')];

describe("the simulated cloud's HA manager, switching over on request", () => {
  it('hands over to the named replica after the election time alone, the same way every time it is asked at that moment', () => {
    const nodes = cluster(0);
    const request = { askedAt, to: 'db-0-3' };
    expect(modelSwitchover(time, model, nodes[0]!, nodes, request, at(model.electSeconds.min - 0.5))).toMatchObject({
      state: 'switching',
      to: 'db-0-3',
      manager: 'Patroni (simulated)',
    });
    const outcome = modelSwitchover(time, model, nodes[0]!, nodes, request, at(60));
    expect(outcome).toMatchObject({ state: 'switched', managerKind: 'patroni', newPrimary: 'db-0-3' });
    if (outcome.state !== 'switched') return;
    expect(outcome.unavailableMs).toBeGreaterThanOrEqual(model.electSeconds.min * 1000);
    expect(outcome.unavailableMs).toBeLessThanOrEqual(model.electSeconds.max * 1000);
    expect(modelSwitchover(time, model, nodes[0]!, nodes, request, at(outcome.unavailableMs / 1000 - 0.1)).state).toBe('switching');
    expect(modelSwitchover(time, model, nodes[0]!, nodes, request, at(outcome.unavailableMs / 1000 + 0.1))).toEqual(outcome);
  });

  it('picks a running replica it reaches when none is named; windows drawn per request', () => {
    const windows = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const nodes = cluster(i);
      const outcome = modelSwitchover(time, model, nodes[0]!, nodes, { askedAt }, at(60));
      if (outcome.state !== 'switched') throw new Error(`expected a switchover, got ${outcome.state}`);
      expect([`db-${i}-2`, `db-${i}-3`]).toContain(outcome.newPrimary);
      windows.add(outcome.unavailableMs);
    }
    expect(windows.size).toBeGreaterThan(50);
  });

  it('refuses a primary that is down, a replica cut off or down, and a cluster with no replica it reaches', () => {
    const crashed = cluster(1).map((r, i) => (i === 0 ? { ...r, failure: 'crash' as const, failed_at: askedAt } : r));
    expect(modelSwitchover(time, model, crashed[0]!, crashed, { askedAt }, at(1))).toMatchObject({
      state: 'refused',
      primaryDown: true,
      why: expect.stringMatching(/db-1-1 is failed: Patroni \(simulated\) fails it over instead/),
    });
    const cutOff = cluster(2).map((r, i) => (i === 1 ? { ...r, failure: 'network_partition' as const } : r));
    expect(modelSwitchover(time, model, cutOff[0]!, cutOff, { askedAt, to: 'db-2-2' }, at(1))).toMatchObject({
      state: 'refused',
      primaryDown: false,
      candidates: ['db-2-3'],
    });
    expect(modelSwitchover(time, model, cutOff[0]!, cutOff, { askedAt }, at(60))).toMatchObject({
      state: 'switched',
      newPrimary: 'db-2-3',
    });
    const alone = cluster(3).map((r, i) => (i === 0 ? r : { ...r, stopped: true }));
    expect(modelSwitchover(time, model, alone[0]!, alone, { askedAt }, at(1))).toMatchObject({
      state: 'refused',
      primaryDown: false,
      candidates: [],
      why: expect.stringMatching(/no running replica it reaches/),
    });
  });
});
