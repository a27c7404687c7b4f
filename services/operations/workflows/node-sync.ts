import type { WorkflowDeps } from '../workflow-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import type { ClusterNode, NodeRole } from '../../core/types';
import type { ProviderNode } from '../../providers/provider';
import { isSimulated } from '../../providers/capabilities';
import { clusterProvider } from './cluster-provider';

/** Records what a provider reports about a node in the control plane's own nodes table. */
export async function recordNode(ctx: WorkflowDeps, cluster: ClusterRecord, role: NodeRole, node: ProviderNode): Promise<ClusterNode> {
  const provider = ctx.providers.forRegion(node.region);
  return ctx.repos.nodes.upsert({
    clusterId: cluster.id,
    name: node.name,
    region: node.region,
    zone: node.zone,
    role,
    provider: provider.kind,
    providerId: node.providerId,
    host: node.host,
    port: node.port,
    state: node.state,
    softwareVersion: node.softwareVersion,
    kernelVersion: node.kernelVersion,
    instanceType: node.instanceType,
    simulated: isSimulated(provider),
    launchedAt: node.launchedAt,
  });
}

/** Keeps the inventory's node count, oldest node and cost in step with the nodes table. */
export async function refreshClusterStats(ctx: WorkflowDeps, cluster: ClusterRecord): Promise<void> {
  const hourly = ctx.regions.instanceTypes.get(cluster.spec.instanceType)?.hourlyUsd ?? 0;
  // Processes on this machine, or servers someone else pays for, cost the fleet nothing.
  const price = clusterProvider(ctx, cluster).capabilities.has('pricesNodes') ? hourly : 0;
  await ctx.repos.clusters.refreshNodeStats(cluster.id, price);
}
