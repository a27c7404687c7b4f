import type { WorkflowDeps } from '../workflow-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import type { ClusterNode, NodeRole } from '../../core/types';
import type { ProviderNode } from '../../providers/provider';

/** Records what a provider reports about a node in the control plane's own nodes table. */
export async function recordNode(
  ctx: WorkflowDeps,
  cluster: ClusterRecord,
  role: NodeRole,
  node: ProviderNode,
): Promise<ClusterNode> {
  return ctx.repos.nodes.upsert({
    clusterId: cluster.id,
    name: node.name,
    region: node.region,
    zone: node.zone,
    role,
    provider: ctx.providers.forRegion(node.region).kind,
    providerId: node.providerId,
    host: node.host,
    port: node.port,
    state: node.state,
    softwareVersion: node.softwareVersion,
    kernelVersion: node.kernelVersion,
    instanceType: node.instanceType,
    simulated: node.simulated,
    launchedAt: node.launchedAt,
  });
}

/** Keeps the inventory's node count, oldest node and cost in step with the nodes table. */
export async function refreshClusterStats(ctx: WorkflowDeps, cluster: ClusterRecord): Promise<void> {
  const hourly = ctx.regions.instanceTypes.get(cluster.spec.instanceType)?.hourlyUsd ?? 0;
  // Local nodes are processes on this machine: they cost nothing.
  const price = cluster.simulated ? hourly : 0;
  await ctx.repos.clusters.refreshNodeStats(cluster.id, price);
}
