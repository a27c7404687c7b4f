import type { OperationType } from '../../core/types';

/**
 * BullMQ runs lower numbers first, and runs jobs without a priority before all prioritised ones,
 * so every job gets one of these explicitly: remediation before upgrades before provisioning
 * before background scans.
 */
export const Priorities = {
  remediation: 1,
  upgrade: 2,
  provision: 3,
  background: 4,
} as const;

export function priorityFor(type: OperationType): number {
  switch (type) {
    case 'restart_node':
      return Priorities.remediation;
    case 'upgrade':
    case 'restore_in_place':
    case 'change_settings':
    case 'rolling_restart':
    case 'resize':
    case 'grow_storage':
    case 'switchover':
      return Priorities.upgrade;
    case 'provision':
    case 'decommission':
    case 'scale':
    case 'replace_node':
    case 'noop':
    case 'database_user':
    case 'rotate_credential':
    case 'retire_credential':
      return Priorities.provision;
    case 'benchmark':
    case 'backup':
    case 'restore_drill':
      return Priorities.background;
  }
}
