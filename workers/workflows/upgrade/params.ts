import type { NodeChange } from '../../../services/providers/provider';
import { StandardWorkloadNames } from '../../../benchmarks/workload/standard';

/** What an upgrade operation is asked to do; validated by the API before the row is written. */
export interface UpgradeParams {
  toVersion?: string;
  instanceType?: string;
  kernelVersion?: string;
  /** Run outside the maintenance window. */
  force?: boolean;
  campaignId?: string;
  /** The before/after workloads (default: the standard set) and how long each runs. */
  workloads?: string[];
  benchmarkSeconds?: number;
  /** How much worse p99 or mean may get before it can count as a regression (default 20%). */
  thresholdPercent?: number;
}

export const DEFAULT_BENCHMARK_SECONDS = 5;
/**
 * A regression must be this much worse (and significant). At 10% about one healthy simulated
 * upgrade in seven was rolled back by load-driven drift in the mean between the two runs; the
 * known regressions are 80% worse.
 */
export const DEFAULT_THRESHOLD_PERCENT = 20;

export const upgradeParams = (params: Record<string, unknown>): UpgradeParams => params as UpgradeParams;

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
