import type { StepRun } from '../workflow';
import { endpointsOf } from './cluster-credentials';

/** Everything the cluster's primary committed until now is in the log archive, when it runs and its engine archives. */
export async function archiveNow(ctx: StepRun['ctx'], clusterId: string): Promise<void> {
  const sourceCluster = await ctx.repos.clusters.find(clusterId);
  const engine = sourceCluster ? ctx.engines.get(sourceCluster.engine) : null;
  const primary = sourceCluster
    ? endpointsOf(await ctx.repos.nodes.forCluster(sourceCluster.id)).find((n) => n.role === 'primary')
    : undefined;
  if (sourceCluster && engine?.archiveNow && primary && sourceCluster.status !== 'DECOMMISSIONED') {
    const credentials = { username: engine.adminUsername, password: await ctx.repos.clusters.password(sourceCluster.id) };
    await engine.archiveNow(primary, credentials);
  }
}
