import type { WorkflowDeps } from '../workflow-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import type { Credentials } from '../../engines/engine';

export { endpointsOf } from '../../fleet/node-endpoints';

/** The login the control plane uses on a cluster's nodes. Never logged, never returned by the API. */
export async function credentialsFor(ctx: WorkflowDeps, cluster: ClusterRecord): Promise<Credentials> {
  return { username: ctx.engines.get(cluster.engine).adminUsername, password: await ctx.repos.clusters.password(cluster.id) };
}
