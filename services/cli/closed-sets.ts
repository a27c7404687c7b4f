import { Option } from 'commander';
import type { ClusterView, DatabaseUserView, OperationView } from './shapes';

/**
 * A list of every value of a string union from the API's types: the compiler refuses the list when it
 * misses a value or holds one the API does not have, so these cannot drift from the server.
 */
const everyValueOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L =>
    list;

export const ENVIRONMENTS = everyValueOf<ClusterView['environment']>()(['test', 'prod']);
export const CLUSTER_STATUSES = everyValueOf<ClusterView['status']>()([
  'PROVISIONING',
  'ACTIVE',
  'UPDATING',
  'FAILED',
  'DECOMMISSIONING',
  'DECOMMISSIONED',
]);
export const OPERATION_STATUSES = everyValueOf<OperationView['status']>()([
  'pending',
  'running',
  'succeeded',
  'rolled_back',
  'failed',
  'cancelled',
]);
export const ACCESS_LEVELS = everyValueOf<DatabaseUserView['access']>()(['readwrite', 'readonly']);
/** The inventory's sort keys (the API's `sort` pattern); `-` before one sorts descending. */
export const SORT_KEYS = ['name', 'createdAt', 'monthlyCostUsd', 'nodeCount', 'version', 'oldestNodeAt', 'status', 'engine'] as const;

/** An option that takes one of a closed list: commander refuses anything else, naming the list. */
export function oneOf(flags: string, description: string, values: readonly string[]): Option {
  return new Option(flags, description).choices(values);
}
