import type { FailoverDeps } from './failover-deps';
import type { ClusterNode } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import { ConflictError, UnprocessableError } from '../core/errors';

/** What the cluster's HA manager says a switchover may do now: its name, and the nodes it could promote. */
export interface SwitchoverManagerView {
  managerName: string;
  /** Ids of the replicas the manager sees healthy and reaches (under synchronous replication, the synchronous standbys among them). */
  promotable: Set<string>;
  /**
   * Under synchronous replication, ids of healthy replicas the manager will not promote: it hands
   * the primary only to a standby it knows holds every commit.
   */
  notSynchronous?: Set<string>;
}

const hostPort = (n: { host: string | null; port: number | null }) => `${n.host}:${n.port}`;

/**
 * Asks the cluster's HA manager whether it can hand the primary role over now: the real one it
 * runs beside its nodes (Sentinel, Patroni), else the one its provider models (the simulated
 * cloud's). Refused: no manager of either kind (422); a manager without a quorum, or failing the
 * cluster over already (409).
 */
export async function switchoverManagerView(
  ctx: FailoverDeps,
  cluster: ClusterRecord,
  nodes: ClusterNode[],
  primary: ClusterNode | undefined,
): Promise<SwitchoverManagerView> {
  const failover = ctx.engines.get(cluster.engine).failover;
  if (failover && cluster.failoverManager) {
    const credentials = {
      username: ctx.engines.get(cluster.engine).adminUsername,
      password: await ctx.repos.clusters.password(cluster.id),
    };
    const topology = await failover.topology(cluster.failoverManager, credentials);
    if (topology.managersReachable < topology.quorum)
      throw new ConflictError(
        `${failover.managerName} cannot switch over: ${topology.managersReachable} of ${topology.managersTotal} answer, ${topology.quorum} are needed`,
        { managersReachable: topology.managersReachable, quorum: topology.quorum },
      );
    if (
      topology.primaryDown ||
      topology.failoverInProgress ||
      (primary && topology.primary && hostPort(topology.primary) !== hostPort(primary))
    )
      throw new ConflictError(`${failover.managerName} is failing ${cluster.name} over already: wait for it to finish`, {});
    const healthy = new Set(topology.replicas.filter((r) => !r.down).map(hostPort));
    const synchronous = topology.synchronousStandbys && new Set(topology.synchronousStandbys.map(hostPort));
    const up = nodes.filter((n) => healthy.has(hostPort(n)));
    const promotable = up.filter((n) => !synchronous || synchronous.has(hostPort(n)));
    return {
      managerName: failover.managerName,
      promotable: new Set(promotable.map((n) => n.id)),
      ...(synchronous ? { notSynchronous: new Set(up.filter((n) => !promotable.includes(n)).map((n) => n.id)) } : {}),
    };
  }
  const provider = primary ? ctx.providers.forRegion(primary.region) : null;
  const modelled =
    primary?.providerId && provider?.modelledSwitchover
      ? await provider.modelledSwitchover(primary.providerId, { askedAt: ctx.clock.now() })
      : null;
  if (!modelled)
    throw new UnprocessableError(
      `cluster ${cluster.name} has no HA manager to switch over through${cluster.failoverNote ? ` (${cluster.failoverNote})` : ''}`,
      { failoverManager: null, failoverNote: cluster.failoverNote ?? null },
    );
  // Asked now, hypothetically: in a fast simulated clock the modelled switchover may be over already.
  if (modelled.state === 'refused' && modelled.primaryDown) throw new ConflictError(`${modelled.why}: wait for it to finish`, {});
  const candidates = new Set(modelled.candidates);
  return {
    managerName: modelled.manager,
    promotable: new Set(nodes.filter((n) => n.providerId && candidates.has(n.providerId)).map((n) => n.id)),
  };
}
