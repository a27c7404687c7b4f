import type { ClusterView } from '../shapes';

type ClusterHealth = NonNullable<ClusterView['health']>;

/** A cluster's observed health in one cell: its state, and the nodes that are not healthy. */
export function clusterHealthText(h: ClusterHealth | undefined): string {
  if (!h) return '-';
  const parts = [
    h.unhealthyNodes.length ? `${h.unhealthyNodes.length} unhealthy: ${h.unhealthyNodes.join(',')}` : '',
    h.degradedNodes.length ? `${h.degradedNodes.length} degraded: ${h.degradedNodes.join(',')}` : '',
  ].filter(Boolean);
  return parts.length ? `${h.state} (${parts.join('; ')})` : h.state;
}
