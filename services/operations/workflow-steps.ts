import type { Operation, OperationType } from '../core/types';

/**
 * The ordered steps of each operation type. The worker implements exactly these (its step tables
 * are typed against them), and the API shows them before the first one runs.
 */
export const WorkflowSteps = {
  provision: ['plan-nodes', 'create-nodes', 'wait-for-nodes', 'form-cluster', 'verify-health', 'activate'],
  decommission: ['begin', 'destroy-nodes', 'finalize'],
  noop: ['noop'],
  scale: ['plan-nodes', 'create-nodes', 'sync-data', 'join-cluster', 'drain-nodes', 'remove-nodes'],
  upgrade: ['preflight', 'before-benchmark', 'roll-canary', 'canary', 'roll-nodes', 'after-benchmark', 'compare', 'rollback'],
  replace_node: ['check', 'create-replacement', 'sync-data', 'switch-over', 'retire-old'],
  restart_node: ['recheck', 'restart', 'verify'],
  benchmark: ['run-workloads'],
  database_user: ['apply'],
  rotate_credential: ['prepare', 'introduce', 'adopt'],
  retire_credential: ['retire'],
  backup: ['probe', 'back-up', 'record', 'expire'],
  restore_drill: ['restore', 'verify', 'destroy'],
  restore_in_place: ['prepare', 'release-manager', 'restore-primary', 'restore-replicas', 'hand-back', 'verify'],
  change_settings: ['apply', 'revert'],
  rolling_restart: ['restart-nodes'],
  resize: ['resize-nodes', 'revert'],
  grow_storage: ['grow-disks', 'record'],
  switchover: ['switch-over'],
} as const satisfies Record<OperationType, readonly string[]>;

export type StepName<T extends OperationType> = (typeof WorkflowSteps)[T][number];

/**
 * Whether a running operation may still be cancelled without leaving the cluster inconsistent.
 * Provisioning can always be undone (its nodes are destroyed); decommissioning cannot once nodes
 * start being destroyed.
 */
export function cancellableWhileRunning(op: Operation): boolean {
  switch (op.type) {
    case 'provision':
    case 'noop':
    case 'benchmark':
      return true;
    case 'decommission':
      return op.steps.every((s) => s.name === 'begin' || s.status === 'pending');
    default:
      return false;
  }
}
