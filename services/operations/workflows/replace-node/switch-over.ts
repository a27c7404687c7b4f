import type { StepRun, StepResult } from '../../workflow';
import { done } from '../../workflow';
import type { ClusterNode } from '../../../core/types';
import { isSimulated, requireCapabilities } from '../../../providers/capabilities';
import { credentialsFor } from '../cluster-credentials';
import { handOver, handsOver } from '../hand-over';

/**
 * Hands the primary role away from the old node once its replacement holds the data. Real nodes:
 * the cluster's HA manager does it (primary-handover.ts; Redis: SENTINEL FAILOVER, the sentinels
 * choosing the best replica, which makes the old primary a replica of it). Simulated: the HA manager
 * the provider models for the engine hands the role to the new node and the switchover is recorded
 * with its window (modelled-handover.ts); an engine without a modelled manager only swaps roles, the
 * data having been copied in sync-data.
 */
export async function switchOver(run: StepRun<'replace_node'>, old: ClusterNode, fresh: ClusterNode): Promise<StepResult> {
  const { ctx } = run;
  const provider = ctx.providers.forRegion(fresh.region);
  requireCapabilities(provider, ['switchesOver'], `switch ${old.name} over to ${fresh.name}`);
  if (isSimulated(provider)) {
    if (await handsOver(run, old)) return handOver(run, old, fresh);
    // No server to promote: the provider copied the data when it made the node, only roles change.
    await provider.followPrimary(fresh.providerId!, null);
    if (old.providerId)
      await provider.followPrimary(old.providerId, { host: fresh.host ?? '', port: fresh.port ?? 0 }).catch(() => undefined); // gone already: terminated next anyway
    await ctx.repos.nodes.recordSwitchover(fresh.id, old.id);
    return done;
  }
  // Sentinel picks the replica (the new node, in sync, is as good as any): no node is named.
  return handOver(run, old, null);
}

/** After a node was terminated: the HA manager forgets it, so it never watches a port another node may reuse. */
export async function forgetRetired(run: Pick<StepRun, 'ctx' | 'cluster'>): Promise<void> {
  const failover = run.ctx.engines.get(run.cluster.engine).failover;
  if (!failover || !run.cluster.failoverManager) return;
  await failover.forgetGone(run.cluster.failoverManager, await credentialsFor(run.ctx, run.cluster));
}
