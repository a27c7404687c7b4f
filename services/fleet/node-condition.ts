import type { NodeState } from '../core/types';

/**
 * Two facts about a node, kept apart so neither lies: its lifecycle state (what the provider was
 * asked for and last reported: pending, running, stopped, failed, terminated) and its observed
 * health (what the health stream last confirmed: healthy, degraded, unhealthy, or unknown when
 * nothing has scored it yet). What a person is shown combines them: a node the provider calls
 * running but that does not answer is shown "unreachable", never a green "running".
 */
export const ObservedHealthStates = ['healthy', 'degraded', 'unhealthy', 'unknown'] as const;
export type ObservedHealthState = (typeof ObservedHealthStates)[number];

export const NodeDisplayStates = ['pending', 'running', 'degraded', 'unhealthy', 'unreachable', 'stopped', 'failed', 'terminated'] as const;
export type NodeDisplayState = (typeof NodeDisplayStates)[number];

export interface ObservedHealth {
  state: ObservedHealthState;
  score: number | null;
  causes: string[];
  /** When the health stream last changed the state (null when unknown). */
  since: Date | null;
}

export const unknownHealth: ObservedHealth = { state: 'unknown', score: null, causes: [], since: null };

/** Causes of the health stream that mean the control plane cannot reach the node at all. */
const UNREACHABLE = /^node (down|silent|unreachable)\b/;

export const asObservedState = (state: string | undefined): ObservedHealthState =>
  (ObservedHealthStates as readonly string[]).includes(state ?? '') ? (state as ObservedHealthState) : 'unknown';

/**
 * The state to show for a node, and why. A lifecycle state other than running speaks for itself;
 * a running node takes its observed health when that is worse than healthy.
 */
export function nodeDisplayState(
  lifecycle: NodeState,
  health: ObservedHealth,
): { displayState: NodeDisplayState; displayReason: string | null } {
  const why = health.causes.length > 0 ? health.causes.join('; ') : null;
  if (lifecycle !== 'running') return { displayState: lifecycle, displayReason: lifecycle === 'failed' ? why : null };
  if (health.state === 'unhealthy')
    return { displayState: health.causes.some((c) => UNREACHABLE.test(c)) ? 'unreachable' : 'unhealthy', displayReason: why };
  if (health.state === 'degraded') return { displayState: 'degraded', displayReason: why };
  return { displayState: 'running', displayReason: null };
}

/** A cluster's observed health as the inventory shows it: the recorded state plus which nodes are not healthy. */
export interface ClusterHealthSummary {
  state: ObservedHealthState;
  score: number | null;
  causes: string[];
  unhealthyNodes: string[];
  degradedNodes: string[];
}

export const unknownClusterHealth: ClusterHealthSummary = {
  state: 'unknown',
  score: null,
  causes: [],
  unhealthyNodes: [],
  degradedNodes: [],
};
