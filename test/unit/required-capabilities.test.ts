import { describe, expect, it } from 'vitest';
import { requiredCapabilities } from '../../services/operations/required-capabilities';

describe('what each operation needs of its provider', () => {
  it('asks an upgrade for exactly the changes it makes', () => {
    expect(requiredCapabilities('upgrade', { toVersion: '7.2.6' })).toEqual(['changesVersion']);
    expect(requiredCapabilities('upgrade', { instanceType: 'r5.xlarge', kernelVersion: '6.8.0' })).toEqual([
      'changesInstanceType',
      'changesKernel',
    ]);
  });

  it('needs node creation and a data copy to grow or replace, and nothing to decommission, benchmark or no-op', () => {
    expect(requiredCapabilities('scale', {})).toEqual(['createsNodes', 'copiesData']);
    expect(requiredCapabilities('replace_node', {})).toEqual(['createsNodes', 'copiesData', 'destroysNodes']);
    expect(requiredCapabilities('restart_node', {})).toEqual(['restartsNodes']);
    expect(requiredCapabilities('decommission', {})).toEqual([]);
    expect(requiredCapabilities('benchmark', { workloads: ['balanced-50-50'] })).toEqual([]);
    expect(requiredCapabilities('noop', {})).toEqual([]);
  });

  it('needs a backup repository to back up or clone, and restoring onto its own nodes for an in-place restore', () => {
    expect(requiredCapabilities('backup', { backupId: 'b', kind: 'snapshot' })).toEqual(['backsUpData']);
    expect(requiredCapabilities('provision', { restore: { backupId: 'b', sourceClusterId: 'c', label: 'l' } })).toEqual([
      'createsNodes',
      'backsUpData',
    ]);
    expect(requiredCapabilities('restore_in_place', { backupId: 'b', label: 'l' })).toEqual(['backsUpData', 'restoresInPlace']);
  });
});
