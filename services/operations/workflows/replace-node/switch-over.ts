import type { StepRun, StepResult } from '../../workflow';
import { done } from '../../workflow';
import type { ClusterNode } from '../../../core/types';
import { isSimulated, requireCapabilities } from '../../../providers/capabilities';
import { credentialsFor } from '../cluster-credentials';
import { handOverPrimary } from '../primary-handover';

/**
 * Hands the primary role away from the old node once its replacement holds the data. Simulated:
 * the data was copied in sync-data, so only the roles change, to the new node. Real nodes: the
 * cluster's HA manager does it (primary-handover.ts; Redis: SENTINEL FAILOVER, the sentinels choosing
 * the best replica, which makes the old primary a replica of it).
 */
export async function switchOver(run: StepRun<'replace_node'>, old: ClusterNode, fresh: ClusterNode): Promise<StepResult> {
  const { ctx } = run;
  const provider = ctx.providers.forRegion(fresh.region);
  requireCapabilities(provider, ['switchesOver'], `switch ${old.name} over to ${fresh.name}`);
  if (isSimulated(provider)) {
    // No server to promote: the provider copied the data when it made the node, only roles change.
    await provider.followPrimary(fresh.providerId!, null);
    if (old.providerId)
      await provider.followPrimary(old.providerId, { host: fresh.host ?? '', port: fresh.port ?? 0 }).catch(() => undefined); // gone already: terminated next anyway
    await ctx.repos.nodes.recordSwitchover(fresh.id, old.id);
    return done;
  }
  // Sentinel picks the replica (the new node, in sync, is as good as any): no node is named.
  return handOverPrimary(run, old, null);
}

/** After a node was terminated: the HA manager forgets it, so it never watches a port another node may reuse. */
export async function forgetRetired(run: Pick<StepRun, 'ctx' | 'cluster'>): Promise<void> {
  const failover = run.ctx.engines.get(run.cluster.engine).failover;
  if (!failover || !run.cluster.failoverManager) return;
  await failover.forgetGone(run.cluster.failoverManager, await credentialsFor(run.ctx, run.cluster));
}
