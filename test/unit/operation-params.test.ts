import { describe, expect, it } from 'vitest';
import { parseOperationParams, paramProblems } from '../../services/operations/operation-params';
import { OperationTypes } from '../../services/core/types';
import { workflows } from '../../services/operations/workflows/index';

describe('operation params', () => {
  it('accept what each producer writes', () => {
    const at = new Date().toISOString();
    expect(paramProblems('provision', {})).toEqual([]);
    expect(paramProblems('decommission', { previousStatus: 'ACTIVE' })).toEqual([]);
    expect(
      paramProblems('upgrade', {
        toVersion: '4.1.7',
        campaignId: 'c1',
        benchmarkSeconds: 2,
        force: true,
        workloads: ['read-heavy-80-20'],
        thresholdPercent: 15,
        notBefore: at,
      }),
    ).toEqual([]);
    expect(paramProblems('benchmark', { workloads: ['read-heavy-80-20'], durationSeconds: 3 })).toEqual([]);
    // A playbook names the node of its alert, which may have none.
    expect(paramProblems('restart_node', { node: null, alertId: 'a1', playbook: 'restart', notBefore: at })).toEqual([]);
    expect(paramProblems('scale', { addNodesPerRegion: 1, node: 'n1', alertId: 'a1', playbook: 'disk' })).toEqual([]);
    expect(paramProblems('replace_node', { node: 'n1', maintenance: 'retirement', deadline: at, notBefore: at })).toEqual([]);
  });

  it('name every field that does not fit, unknown fields included', () => {
    const parsed = parseOperationParams('upgrade', { toVersion: 4, colour: 'red', notBefore: 'tomorrow' });
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.problems.map((p) => p.path).sort();
    expect(paths).toEqual(['params/colour', 'params/notBefore', 'params/toVersion']);
    expect(paramProblems('scale', { addNodesPerRegion: 11 })).toHaveLength(1);
    expect(paramProblems('benchmark', { workloads: [] })).toHaveLength(1);
    expect(paramProblems('noop', { anything: true })).toHaveLength(1);
  });

  it('have a workflow for every operation type', () => {
    expect(Object.keys(workflows).sort()).toEqual([...OperationTypes].sort());
    for (const type of OperationTypes) expect(workflows[type].type).toBe(type);
  });
});
