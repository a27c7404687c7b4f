import type { StepRun, StepResult } from '../workflow';
import type { ClusterNode } from '../../core/types';
import { handOverPrimary, handsOverThroughManager } from './primary-handover';
import { handOverModelled } from './modelled-handover';
import { modelledFailoverManager } from '../../failover/modelled-manager';

/**
 * Whether a primary hands its role over before it changes or leaves: through the cluster's real HA
 * manager, or the one its simulated provider models (so a simulated upgrade or replacement
 * rehearses the switchover a real one makes, recorded the same way). Otherwise (no manager, no
 * replica) it changes in place.
 */
export async function handsOver(run: Pick<StepRun, 'ctx' | 'cluster'>, primary: ClusterNode): Promise<boolean> {
  if (handsOverThroughManager(run, primary)) return true;
  // A modelled manager needs a replica to hand the role to: a single node changes in place.
  return modelledFailoverManager(run.ctx, run.cluster, await run.ctx.repos.nodes.forCluster(run.cluster.id)) !== null;
}

/**
 * Hands the primary role from `from` to `to` (or to the replica the manager picks) through the
 * manager that keeps the cluster: a real one (primary-handover.ts) or a modelled one
 * (modelled-handover.ts). Either is recorded as a switchover; Datafleet promotes nobody.
 */
export function handOver(run: StepRun, from: ClusterNode, to: ClusterNode | null): Promise<StepResult> {
  return handsOverThroughManager(run, from) ? handOverPrimary(run, from, to) : handOverModelled(run, from, to);
}
