import type { Sla } from '../../services/domain/types';
import type { NodeSnapshot } from './snapshot';

export const HealthStates = ['healthy', 'degraded', 'unhealthy'] as const;
export type HealthState = (typeof HealthStates)[number];

export interface Score {
  score: number;
  causes: string[];
}

/**
 * A node's score, 0-100, from one snapshot. The rules, in order of weight:
 * - down (no answer to the engine's own probe): 0;
 * - replica not following its primary: -40;
 * - probe latency over the SLA's p99 read target: -30 (over 70% of it: -10);
 * - memory or disk at 90%+: -30 each (80%+: -15 each).
 */
export function scoreSnapshot(s: NodeSnapshot, sla: Sla): Score {
  if (!s.up) return { score: 0, causes: [`node down: ${s.error ?? 'no answer to its probe'}`] };
  let score = 100;
  const causes: string[] = [];
  const penalise = (points: number, cause: string) => {
    score -= points;
    causes.push(cause);
  };
  if (s.replicationLinkUp === false) penalise(40, 'replica is not following its primary');
  if (s.latencyMs > sla.p99ReadMs) penalise(30, `probe latency ${s.latencyMs.toFixed(1)} ms is over the SLA p99 of ${sla.p99ReadMs} ms`);
  else if (s.latencyMs > sla.p99ReadMs * 0.7) penalise(10, `probe latency ${s.latencyMs.toFixed(1)} ms is near the SLA p99 of ${sla.p99ReadMs} ms`);
  for (const [label, value] of [['memory', s.memoryUsedPercent], ['disk', s.diskUsedPercent]] as const) {
    if (value === undefined) continue;
    if (value >= 90) penalise(30, `${label} ${value.toFixed(0)}% used`);
    else if (value >= 80) penalise(15, `${label} ${value.toFixed(0)}% used`);
  }
  return { score: Math.max(0, score), causes };
}

export function stateOf(score: number): HealthState {
  return score >= 80 ? 'healthy' : score >= 50 ? 'degraded' : 'unhealthy';
}
