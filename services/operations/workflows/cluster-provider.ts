import type { ProviderRegistry } from '../../providers/registry';
import type { ClusterRecord } from '../../fleet/cluster-record';
import type { ClusterNode } from '../../core/types';
import type { Provider } from '../../providers/provider';
import { isSimulated } from '../../providers/capabilities';

/** What these helpers need: the providers, bound to regions. */
type WithProviders = { providers: ProviderRegistry };

/** The provider a cluster's nodes run on: every region of a cluster is bound to providers alike (the planner sees to it). */
export function clusterProvider(ctx: WithProviders, cluster: Pick<ClusterRecord, 'regions'>): Provider {
  const region = cluster.regions[0];
  if (!region) throw new Error('a cluster without regions has no provider');
  return ctx.providers.forRegion(region);
}

export function nodeProvider(ctx: WithProviders, node: Pick<ClusterNode, 'region'>): Provider {
  return ctx.providers.forRegion(node.region);
}

/** True when the cluster's provider runs no real servers: nothing to probe, form or copy for real. */
export function clusterIsSimulated(ctx: WithProviders, cluster: Pick<ClusterRecord, 'regions'>): boolean {
  return isSimulated(clusterProvider(ctx, cluster));
}

export function nodeIsSimulated(ctx: WithProviders, node: Pick<ClusterNode, 'region'>): boolean {
  return isSimulated(nodeProvider(ctx, node));
}
