import type { ClusterNode } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { FailoverObserverDeps } from './failover-observer';
import type { FailoverEvent, TopologySnapshot } from './failover-event';

const topology = (nodes: ClusterNode[], primary: ClusterNode, down: ClusterNode[]): TopologySnapshot => ({
  primary: primary.name,
  replicas: nodes.filter((n) => n.id !== primary.id).map((n) => n.name),
  down: down.map((n) => n.name),
});

/**
 * Records a change of primary that a provider's modelled HA manager made (the simulated cloud's): a
 * failover of a dead primary, or a switchover asked for (the old primary lives on as a replica). The
 * same failover_events row and role swap as a real manager's, once however many observers see it,
 * told to live views, and the provider told who follows whom. Datafleet promotes nobody here either.
 */
export async function recordModelledFailover(
  ctx: Pick<FailoverObserverDeps, 'providers' | 'events' | 'logger'> & {
    repos: Pick<FailoverObserverDeps['repos'], 'nodes' | 'failovers'>;
  },
  cluster: Pick<ClusterRecord, 'id' | 'name'>,
  change: {
    kind?: FailoverEvent['kind'];
    old: ClusterNode;
    promoted: ClusterNode;
    decidedBy: string;
    unavailableMs: number;
    operationId: string | null;
  },
): Promise<FailoverEvent | null> {
  const nodes = await ctx.repos.nodes.forCluster(cluster.id);
  const { old, promoted } = change;
  const kind = change.kind ?? 'failover';
  const down = kind === 'failover' ? [old] : [];
  const event = await ctx.repos.failovers.recordChange({
    clusterId: cluster.id,
    kind,
    decidedBy: change.decidedBy,
    oldPrimaryId: old.id,
    newPrimaryId: promoted.id,
    before: topology(nodes, old, down),
    after: topology(nodes, promoted, down),
    unavailableMs: change.unavailableMs,
    operationId: change.operationId,
  });
  const provider = ctx.providers.forRegion(promoted.region);
  await provider.followPrimary(promoted.providerId!, null);
  if (old.providerId)
    await provider.followPrimary(old.providerId, { host: promoted.host ?? '', port: promoted.port ?? 0 }).catch(() => undefined);
  if (event) {
    ctx.logger.info({ cluster: cluster.name, from: old.name, to: promoted.name, unavailableMs: change.unavailableMs }, `modelled ${kind}`);
    await ctx.events.publish({ type: 'failover', data: { id: event.id, clusterId: cluster.id, kind: event.kind } });
  }
  return event;
}
