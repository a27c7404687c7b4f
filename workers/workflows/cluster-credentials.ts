import type { CoreContext } from '../../services/context';
import type { ClusterRecord } from '../../services/db/repositories/clusters';
import type { Credentials } from '../../services/engines/engine';

export { endpointsOf } from '../../services/domain/node-endpoints';

/** The login the control plane uses on a cluster's nodes. Never logged, never returned by the API. */
export async function credentialsFor(ctx: CoreContext, cluster: ClusterRecord): Promise<Credentials> {
  return { username: ctx.engines.get(cluster.engine).adminUsername, password: await ctx.repos.clusters.password(cluster.id) };
}
