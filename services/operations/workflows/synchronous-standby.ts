import type { WorkflowDeps } from '../workflow-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import { credentialsFor } from './cluster-credentials';

/**
 * Why a cluster that asked for synchronous replication is not yet protected by it, or null when it
 * is (or did not ask). Its HA manager promotes, should the primary be lost, only a replica it knows
 * holds every acknowledged commit (Patroni names it in its store a moment after the server starts
 * waiting for it); until it names a live one, a lost primary waits for a person. A cluster is
 * handed over, and a node it gained counted in, only once one is named.
 */
export async function synchronousStandbyMissing(ctx: WorkflowDeps, cluster: ClusterRecord): Promise<string | null> {
  if (cluster.spec.synchronousReplication !== true) return null;
  const failover = ctx.engines.get(cluster.engine).failover;
  // Re-read: the manager may have been recorded by an earlier step of the same run.
  const manager = (await ctx.repos.clusters.findById(cluster.id))?.failoverManager;
  if (!failover?.synchronousReplication || !manager) return null;
  const topology = await failover.topology(manager, await credentialsFor(ctx, cluster));
  if (topology.managersReachable === 0) return `no ${failover.managersNoun} answer`;
  if (topology.synchronousStandbys === undefined) return `${failover.managerName} does not report synchronous replication on yet`;
  if (topology.synchronousStandbys.length === 0)
    return `${failover.managerName} names no synchronous standby yet (a primary lost now would wait for a person)`;
  return null;
}
