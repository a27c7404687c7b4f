import type { WorkflowDeps } from '../workflow-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import { clusterProvider } from './cluster-provider';

/**
 * Starts the engine's own HA manager beside a newly formed cluster (Redis: three sentinels, quorum
 * 2) and records where it listens, or records why the cluster has none. Idempotent. Clusters of
 * engines without an HA manager, or on providers that run none, are left as they are.
 */
export async function ensureFailoverManager(ctx: WorkflowDeps, cluster: ClusterRecord): Promise<void> {
  const provider = clusterProvider(ctx, cluster);
  if (!ctx.engines.get(cluster.engine).failover || !provider.ensureFailoverManager) return;
  const nodes = (await ctx.repos.nodes.forCluster(cluster.id)).filter((n) => n.region === cluster.regions[0]);
  const primary = nodes.find((n) => n.role === 'primary');
  if (!primary?.host || !primary.port) return;
  if (nodes.length < 2) {
    await ctx.repos.clusters.setFailoverManager(cluster.id, null, 'a single node has no replica to fail over to');
    return;
  }
  const made = await provider.ensureFailoverManager({
    clusterId: cluster.id,
    clusterName: cluster.name,
    engine: cluster.engine,
    primary: { host: primary.host, port: primary.port },
    password: await ctx.repos.clusters.password(cluster.id),
    zones: [...new Set(nodes.map((n) => n.zone))],
    synchronous: cluster.spec.synchronousReplication === true,
  });
  if ('unavailable' in made) await ctx.repos.clusters.setFailoverManager(cluster.id, null, made.unavailable);
  else await ctx.repos.clusters.setFailoverManager(cluster.id, made, null);
}

/** Stops a cluster's HA manager in every region's provider that runs one; idempotent. */
export async function destroyFailoverManager(
  ctx: Pick<WorkflowDeps, 'providers'>,
  cluster: Pick<ClusterRecord, 'id' | 'regions'>,
): Promise<void> {
  for (const region of cluster.regions) await ctx.providers.forRegion(region).destroyFailoverManager?.(cluster.id);
}
