import type { ClusterNode } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { FailoverDeps } from './failover-deps';

/**
 * The HA manager a cluster's provider models for it (the simulated cloud's Sentinel or Patroni:
 * 'sentinel', 'patroni'), which fails it over and switches it over as a real one would; null for a
 * cluster with a real manager (`failoverManager`), a single node, or a provider or engine without one.
 */
export function modelledFailoverManager(
  ctx: Pick<FailoverDeps, 'engines' | 'providers'>,
  cluster: Pick<ClusterRecord, 'engine' | 'regions' | 'failoverManager'>,
  nodes: Pick<ClusterNode, 'role'>[],
): string | null {
  const region = cluster.regions[0];
  if (cluster.failoverManager || !region || !nodes.some((n) => n.role === 'replica')) return null;
  if (!ctx.providers.forRegion(region).modelledSwitchover) return null;
  return ctx.engines.get(cluster.engine).simulated.failover?.managerKind ?? null;
}
