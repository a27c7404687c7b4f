import type { EngineAdapter } from '../core/engine-port';
import type { ClusterSpec } from '../core/types';
import type { ProblemList } from '../core/request-problems';
import type { Provider } from '../providers/provider';

const path = 'body/synchronousReplication';

/**
 * A cluster asking that every commit wait for a replica: its engine's HA manager must offer it
 * (Patroni's synchronous_mode), it needs a replica, and the region's provider must run that manager
 * for it. Where the manager cannot run (turned off, not installed) the request is refused rather
 * than half-kept: a server left to hold commits on its own would stop every write while its one
 * synchronous replica is down, with nothing to relax it, and without a manager there is no failover
 * for it to protect anyway.
 */
export function synchronousReplicationProblems(
  engine: EngineAdapter,
  allEngines: readonly EngineAdapter[],
  spec: ClusterSpec | undefined,
  provider: Provider | undefined,
  problems: ProblemList,
): void {
  const manager = engine.failover;
  if (!manager?.synchronousReplication) {
    const able = allEngines.filter((e) => e.failover?.synchronousReplication).map((e) => e.name);
    problems.add({
      path,
      message: `${engine.name} has no synchronous replication option; engines that have one: ${able.join(', ')}`,
      allowed: able,
    });
    return;
  }
  if (spec && spec.nodesPerRegion < 2) {
    problems.add({ path, message: 'a single-node cluster has no replica to wait for: synchronous replication needs two nodes or more' });
  }
  if (!provider) return;
  const unavailable = provider.failoverManagerUnavailable
    ? provider.failoverManagerUnavailable(engine.name)
    : `this region's provider runs no ${manager.managerName}`;
  if (unavailable) {
    problems.add({
      path,
      message: `synchronous replication is kept by ${manager.managerName}, which cannot run this cluster here: ${unavailable}`,
    });
  }
}
