import type { EngineAdapter } from '../core/engine-port';
import type { InstanceType } from '../core/regions';

/**
 * Throughput limits, in one place. Load is counted as reads + 2 × writes per second (a write costs
 * about two reads: it is logged, replicated and later compacted), the unit the simulator's CPU
 * model uses: a node's CPU reaches 100% at about 3,800 such ops/s per vCPU
 * (services/providers/simulated/metrics.ts: cpu = 5% + load / (40 × vCPU)).
 *
 * Assumption: every engine gets the simulator's figure. Real engines differ (Redis runs commands on
 * one thread, so its ceiling is per node rather than per vCPU); a measured figure per engine and
 * instance type would replace these numbers without changing their callers.
 */

/** The weighted load a day's busiest moment put on the cluster. */
export const weightedOps = (reads: number, writes: number): number => reads + 2 * writes;

/** The load at which every node of the cluster is at full CPU. */
export function clusterOpsLimit(
  engine: Pick<EngineAdapter, 'opsPerVcpuAtFullCpu'>,
  instance: InstanceType | undefined,
  nodeCount: number,
): number {
  const vcpu = instance?.vcpu ?? 0;
  return engine.opsPerVcpuAtFullCpu * vcpu * Math.max(0, nodeCount);
}
