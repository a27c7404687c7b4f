import type { WorkflowDeps } from '../workflow-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import type { NodeRole } from '../../core/types';

export interface PlannedNode {
  name: string;
  region: string;
  zone: string;
  role: NodeRole;
}

/**
 * The nodes a cluster should have, derived only from its record so every retry computes the same
 * list: per region, the engine's roles spread round-robin over the region's zones.
 */
export function planNodes(ctx: WorkflowDeps, cluster: ClusterRecord): PlannedNode[] {
  const roles = ctx.engines.get(cluster.engine).roles(cluster.spec.nodesPerRegion);
  return cluster.regions.flatMap((region) => {
    const zones = ctx.regions.regions.get(region)?.zones ?? [region];
    return roles.map((role, i) => ({
      name: `${cluster.name}-${region}-${i}`,
      region,
      zone: zones[i % zones.length]!,
      role,
    }));
  });
}
