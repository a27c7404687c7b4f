import type { NodeChange } from '../../../providers/provider';
import { StandardWorkloadNames } from '../../../workload/standard';
import type { OperationParams } from '../../operation-params';

/**
 * What an upgrade operation is asked to do: its schema is in services/domain/operation-params.ts;
 * the API validates the values, the schema the shape, before the row is written and when it is loaded.
 */
export type UpgradeParams = OperationParams['upgrade'];

export const DEFAULT_BENCHMARK_SECONDS = 5;

export const workloadsOf = (p: UpgradeParams): string[] => p.workloads ?? [...StandardWorkloadNames];

/** The change to apply to each node. */
export function changeOf(p: UpgradeParams): NodeChange {
  return {
    ...(p.toVersion ? { version: p.toVersion } : {}),
    ...(p.instanceType ? { instanceType: p.instanceType } : {}),
    ...(p.kernelVersion ? { kernelVersion: p.kernelVersion } : {}),
  };
}

/** What a node was before the change, to roll back to. */
export interface NodeBefore {
  name: string;
  version: string;
  instanceType: string;
  kernelVersion: string;
}

export function undoOf(before: NodeBefore, p: UpgradeParams): NodeChange {
  return {
    ...(p.toVersion ? { version: before.version } : {}),
    ...(p.instanceType ? { instanceType: before.instanceType } : {}),
    ...(p.kernelVersion ? { kernelVersion: before.kernelVersion } : {}),
  };
}
