import type { Sla } from '../core/types';
import type { NodeSnapshot } from './snapshot';

export const HealthStates = ['healthy', 'degraded', 'unhealthy'] as const;
export type HealthState = (typeof HealthStates)[number];

export interface Score {
  score: number;
  causes: string[];
}

/** What the other nodes of the cluster said of this node in their latest fresh snapshots. */
export interface PeerOpinion {
  seenUpBy: string[];
  seenDownBy: string[];
}

export const noOpinion: PeerOpinion = { seenUpBy: [], seenDownBy: [] };

/** The thresholds of the rules below; workers/health/README.md states them as a table. */
export const Rules = {
  unreachableScore: 20,
  peersSeeDown: 35,
  replicaNotFollowing: 40,
  lag: { severeSeconds: 30, severe: 30, warnSeconds: 5, warn: 10 },
  latency: { overSla: 30, nearShare: 0.7, near: 10 },
  pressure: { severePercent: 90, severe: 30, warnPercent: 80, warn: 15 },
  errors: { many: 100, manyPoints: 20, some: 1, somePoints: 5 },
} as const;

const names = (list: string[]) => list.join(', ');

/**
 * A node's score, 0-100, from one snapshot and its peers' opinion of it (see the README's table).
 * A node that does not answer scores 0 — unless the peers that report on it all see it up: then the
 * control plane's path to it is what failed, and it is "unreachable" (20), not down.
 */
export function scoreSnapshot(s: NodeSnapshot, sla: Sla, opinion: PeerOpinion = noOpinion): Score {
  const peersSeeUp = opinion.seenUpBy.length > 0 && opinion.seenDownBy.length === 0;
  if (!s.up && peersSeeUp) {
    return {
      score: Rules.unreachableScore,
      causes: [`node unreachable: its probe fails (${s.error ?? 'no answer'}) while peers ${names(opinion.seenUpBy)} see it up`],
    };
  }
  if (!s.up) return { score: 0, causes: [`node down: ${s.error ?? 'no answer to its probe'}`] };
  // Plain statements rather than a closure per call or a list of pairs: this runs for every snapshot.
  const causes: string[] = [];
  let points = 0;
  const linkDown = s.replicationLinkUp === false;
  if (linkDown) points += penalty(causes, Rules.replicaNotFollowing, 'replica is not following its primary');
  // A replica whose own link is down explains why its primary no longer sees it: one fact, one penalty.
  if (!linkDown && opinion.seenDownBy.length > opinion.seenUpBy.length) {
    points += penalty(causes, Rules.peersSeeDown, `peers ${names(opinion.seenDownBy)} see it down while its own probe answers`);
  }
  const lag = s.replicationLagSeconds;
  if (lag !== undefined && lag >= Rules.lag.severeSeconds)
    points += penalty(causes, Rules.lag.severe, `replication lag ${lag.toFixed(1)} s`);
  else if (lag !== undefined && lag >= Rules.lag.warnSeconds)
    points += penalty(causes, Rules.lag.warn, `replication lag ${lag.toFixed(1)} s`);
  if (s.latencyMs > sla.p99ReadMs)
    points += penalty(
      causes,
      Rules.latency.overSla,
      `probe latency ${s.latencyMs.toFixed(1)} ms is over the SLA p99 of ${sla.p99ReadMs} ms`,
    );
  else if (s.latencyMs > sla.p99ReadMs * Rules.latency.nearShare)
    points += penalty(causes, Rules.latency.near, `probe latency ${s.latencyMs.toFixed(1)} ms is near the SLA p99 of ${sla.p99ReadMs} ms`);
  points += pressure(causes, 'memory', s.memoryUsedPercent);
  points += pressure(causes, 'disk', s.diskUsedPercent);
  const errors = s.errors ?? 0;
  if (errors >= Rules.errors.many) points += penalty(causes, Rules.errors.manyPoints, `${errors} errors since the last snapshot`);
  else if (errors >= Rules.errors.some)
    points += penalty(causes, Rules.errors.somePoints, `${errors} error${errors === 1 ? '' : 's'} since the last snapshot`);
  return { score: Math.max(0, 100 - points), causes };
}

function penalty(causes: string[], points: number, cause: string): number {
  causes.push(cause);
  return points;
}

function pressure(causes: string[], label: string, percent: number | undefined): number {
  if (percent === undefined) return 0;
  if (percent >= Rules.pressure.severePercent) return penalty(causes, Rules.pressure.severe, `${label} ${percent.toFixed(0)}% used`);
  if (percent >= Rules.pressure.warnPercent) return penalty(causes, Rules.pressure.warn, `${label} ${percent.toFixed(0)}% used`);
  return 0;
}

export function stateOf(score: number): HealthState {
  return score >= 80 ? 'healthy' : score >= 50 ? 'degraded' : 'unhealthy';
}
