import type { Logger } from 'pino';
import type { ClusterNode, FailoverManagerInfo } from '../core/types';
import type { EngineFailover, FailoverTopology } from '../core/engine-port';
import type { EngineRegistry } from '../engines/registry';
import type { ProviderRegistry } from '../providers/registry';
import type { ClustersPort, NodesPort } from '../fleet/ports';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { FailoverEventsPort } from './ports';
import type { FailoverEvent, TopologySnapshot } from './failover-event';
import type { LiveEvents } from '../infra/queues/live-events';

export interface FailoverObserverDeps {
  engines: EngineRegistry;
  events: Pick<LiveEvents, 'publish'>;
  providers: ProviderRegistry;
  logger: Logger;
  repos: { clusters: Pick<ClustersPort, 'password'>; nodes: Pick<NodesPort, 'forCluster'>; failovers: FailoverEventsPort };
}

/** When each cluster's primary last answered its HA manager, as a watcher saw it: the start of a failover's unavailable window. */
export type PrimaryReplies = Map<string, { node: string; at: number }>;

export type FailoverObservation =
  /** The cluster has no HA manager: a person fails it over. */
  | { state: 'unmanaged' }
  /** The recorded primary leads and the manager sees it up. */
  | { state: 'steady'; primary: ClusterNode }
  /** The manager promoted another node; recorded now (event) or before (null). */
  | { state: 'changed'; primary: ClusterNode; event: FailoverEvent | null }
  /** The primary is down (or the manager cannot be read) and no new one is in place yet; `why` says what holds it. */
  | { state: 'waiting'; why: string };

const hostPort = (n: { host: string | null; port: number | null }) => `${n.host}:${n.port}`;

function snapshot(nodes: ClusterNode[], primary: ClusterNode | undefined, topology: FailoverTopology): TopologySnapshot {
  const down = new Set(topology.replicas.filter((r) => r.down).map((r) => `${r.host}:${r.port}`));
  if (topology.primaryDown && topology.primary) down.add(`${topology.primary.host}:${topology.primary.port}`);
  return {
    primary: primary?.name ?? null,
    replicas: nodes.filter((n) => n.id !== primary?.id).map((n) => n.name),
    down: nodes.filter((n) => down.has(hostPort(n))).map((n) => n.name),
    managersReachable: topology.managersReachable,
    managersTotal: topology.managersTotal,
  };
}

/** Why the manager has not replaced a primary it sees down, in its own terms. */
function holdUp(
  topology: FailoverTopology,
  manager: Pick<EngineFailover, 'managerName' | 'managersNoun'>,
  primary: ClusterNode | undefined,
): string {
  const { managerName } = manager;
  const who = primary?.name ?? 'the primary';
  if (topology.managersReachable < topology.quorum)
    return `${managerName} cannot act: only ${topology.managersReachable} of ${topology.managersTotal} ${manager.managersNoun} answer and a failover needs a quorum of ${topology.quorum}`;
  if (topology.replicas.every((r) => r.down)) return `${managerName} cannot act: ${who} is down and no healthy replica is left to promote`;
  if (topology.synchronousStandbys?.length === 0)
    return `${managerName} cannot act: under synchronous replication it promotes only a replica known to hold every acknowledged commit, it named none before ${who} was lost, and only ${who} may lead again`;
  if (topology.failoverInProgress) return `${managerName} is promoting a replica in place of ${who}`;
  return `${managerName} sees ${who} down and has not promoted a replica yet`;
}

/**
 * Reads the cluster's HA manager and brings Datafleet's record in line with what it decided: when
 * it made another node the primary, the roles are swapped and the failover recorded with the
 * topology before and after and how long writes were refused (once, however many observers see it),
 * and the local provider is told who follows whom. Datafleet promotes nobody.
 */
export async function observeFailover(
  ctx: FailoverObserverDeps,
  cluster: ClusterRecord,
  options: { operationId: string | null; replies?: PrimaryReplies; leaveFailoversToWatcher?: boolean },
): Promise<FailoverObservation> {
  const manager: FailoverManagerInfo | null | undefined = cluster.failoverManager;
  const failover = ctx.engines.get(cluster.engine).failover;
  if (!manager || !failover) return { state: 'unmanaged' };
  const credentials = { username: ctx.engines.get(cluster.engine).adminUsername, password: await ctx.repos.clusters.password(cluster.id) };
  const topology = await failover.topology(manager, credentials);
  const nodes = await ctx.repos.nodes.forCluster(cluster.id);
  const recorded = nodes.find((n) => n.role === 'primary');
  if (!topology.primary) return { state: 'waiting', why: holdUp(topology, failover, recorded) };
  const reported = nodes.find((n) => hostPort(n) === `${topology.primary!.host}:${topology.primary!.port}`);
  if (!reported)
    return {
      state: 'waiting',
      why: `${failover.managerName} names ${hostPort(topology.primary)} as primary, which is no live node of ${cluster.name}`,
    };
  const now = Date.now();
  if (recorded?.id === reported.id && topology.primaryLastReplyMsAgo !== null && Number.isFinite(topology.primaryLastReplyMsAgo))
    options.replies?.set(cluster.id, { node: reported.name, at: now - topology.primaryLastReplyMsAgo });
  if (topology.primaryDown) return { state: 'waiting', why: holdUp(topology, failover, reported) };
  if (!recorded || recorded.id === reported.id) return { state: 'steady', primary: reported };

  // A primary whose server still runs handed over on request; one that died was failed over.
  const seen = recorded.providerId
    ? await ctx.providers
        .forRegion(recorded.region)
        .describeNode(recorded.providerId)
        .catch(() => null)
    : null;
  // A server whose process lives but does not answer yet is one the manager restarts as a replica
  // (Patroni after a switchover): handed over too.
  const kind: FailoverEvent['kind'] = seen?.state === 'running' || seen?.state === 'pending' ? 'switchover' : 'failover';
  // The watcher knows when the old primary last answered; a failover it records carries the window.
  if (kind === 'failover' && options.leaveFailoversToWatcher)
    return { state: 'waiting', why: `${failover.managerName} promoted ${reported.name}; the failover watcher is recording it` };
  const lastReply = options.replies?.get(cluster.id);
  // Writes were refused from the old primary's last answer to the managers until the new one led.
  const unavailableMs =
    lastReply?.node === recorded.name && topology.primarySinceMs !== null
      ? Math.max(0, now - topology.primarySinceMs - lastReply.at)
      : null;
  const event = await ctx.repos.failovers.recordChange({
    clusterId: cluster.id,
    kind,
    decidedBy: manager.kind,
    oldPrimaryId: recorded.id,
    newPrimaryId: reported.id,
    before: snapshot(nodes, recorded, topology),
    after: snapshot(nodes, reported, topology),
    unavailableMs,
    operationId: options.operationId,
  });
  if (event) {
    ctx.logger.info({ cluster: cluster.name, from: recorded.name, to: reported.name, unavailableMs }, `${failover.managerName} ${kind}`);
    await ctx.events.publish({ type: 'failover', data: { id: event.id, clusterId: cluster.id, kind } });
  }
  await recordFollowing(ctx, nodes, reported);
  return { state: 'changed', primary: reported, event };
}

/** Tells the provider who follows whom now, so a restarted node keeps the manager's decision; a gone node is skipped. */
async function recordFollowing(ctx: FailoverObserverDeps, nodes: ClusterNode[], primary: ClusterNode): Promise<void> {
  for (const node of nodes) {
    if (!node.providerId) continue;
    const provider = ctx.providers.forRegion(node.region);
    if (!provider.capabilities.has('switchesOver')) continue;
    const follows = node.id === primary.id ? null : { host: primary.host!, port: primary.port! };
    await provider.followPrimary(node.providerId, follows).catch(() => undefined);
  }
}
