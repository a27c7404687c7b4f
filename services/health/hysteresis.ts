import { stateOf, type HealthState } from './scoring';
import type { ObserverView } from './peer-views';

/** What the aggregator remembers of one node between snapshots. */
export interface NodeHealth {
  state: HealthState;
  score: number;
  causes: string[];
  /** The state the last snapshots point to, and how many in a row did. */
  pending: HealthState;
  streak: number;
  lastSnapshotAt: number;
  /** The node's name, for alerts raised when it goes silent. */
  name?: string;
  /** What the node last said of its peers (kept here so a batch reads and writes one record per node). */
  view?: ObserverView;
}

/** Consecutive snapshots needed before a node changes state: one late or odd snapshot never flaps it. */
export const CONFIRMATIONS = 2;

/** Folds one scored snapshot into a node's health; returns the new health and whether its state changed. */
export function advance(
  previous: NodeHealth | undefined,
  score: number,
  causes: string[],
  at: number,
): { health: NodeHealth; changed: boolean } {
  const observed = stateOf(score);
  if (!previous) {
    return { health: { state: observed, score, causes, pending: observed, streak: 1, lastSnapshotAt: at }, changed: true };
  }
  const streak = observed === previous.pending ? previous.streak + 1 : 1;
  const state = observed !== previous.state && streak >= CONFIRMATIONS ? observed : previous.state;
  return {
    health: { state, score, causes, pending: observed, streak, lastSnapshotAt: at },
    changed: state !== previous.state,
  };
}
