import type { NodeHealth } from './hysteresis';
import type { HealthState } from './scoring';

/**
 * A cluster's health from its nodes': unhealthy when more than a third of its nodes are (a 3-node
 * cluster that lost one replica still serves: degraded); degraded
 * when any node is not healthy; its score is the mean of its nodes'.
 */
export function clusterHealth(nodes: NodeHealth[]): { state: HealthState; score: number; causes: string[] } {
  if (nodes.length === 0) return { state: 'unhealthy', score: 0, causes: ['no node reports'] };
  const unhealthy = nodes.filter((n) => n.state === 'unhealthy').length;
  const notHealthy = nodes.filter((n) => n.state !== 'healthy').length;
  const score = Math.round(nodes.reduce((sum, n) => sum + n.score, 0) / nodes.length);
  const state: HealthState = unhealthy * 3 > nodes.length ? 'unhealthy' : notHealthy > 0 ? 'degraded' : 'healthy';
  const causes = notHealthy ? [`${unhealthy} unhealthy and ${notHealthy - unhealthy} degraded of ${nodes.length} nodes`] : [];
  return { state, score, causes };
}
