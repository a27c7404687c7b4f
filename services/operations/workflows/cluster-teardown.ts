import type { WorkflowDeps } from '../workflow-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import { destroyFailoverManager } from './failover-manager';

/**
 * Destroys every node of a cluster: those in the nodes table and any the providers hold for it that
 * were never recorded (a worker killed between creating a node and recording it). Idempotent.
 * A provider that does not declare destroysNodes (servers that run elsewhere, adopted) has its
 * nodes forgotten instead: recorded terminated, the servers left running as they are.
 */
export async function destroyClusterNodes(
  ctx: WorkflowDeps,
  cluster: ClusterRecord,
  onDestroyed?: (name: string) => Promise<void>,
): Promise<number> {
  const recorded = await ctx.repos.nodes.forCluster(cluster.id);
  const targets = new Map<string, { region: string; providerId: string; nodeId?: string }>();
  for (const node of recorded) {
    if (node.providerId) targets.set(node.name, { region: node.region, providerId: node.providerId, nodeId: node.id });
  }
  for (const region of cluster.regions) {
    for (const node of await ctx.providers.forRegion(region).listNodes({ clusterId: cluster.id })) {
      if (!targets.has(node.name) && node.state !== 'terminated') targets.set(node.name, { region, providerId: node.providerId });
    }
  }
  // The HA manager goes first: it must not fail over to a node that is about to go too.
  await destroyFailoverManager(ctx, cluster);
  for (const [name, target] of targets) {
    const provider = ctx.providers.forRegion(target.region);
    if (provider.capabilities.has('destroysNodes')) await provider.destroyNode(target.providerId);
    if (target.nodeId) await ctx.repos.nodes.setState(target.nodeId, 'terminated');
    await onDestroyed?.(name);
  }
  // Recorded nodes that never reached a provider are simply closed.
  for (const node of recorded) if (!node.providerId) await ctx.repos.nodes.setState(node.id, 'terminated');
  return targets.size;
}
