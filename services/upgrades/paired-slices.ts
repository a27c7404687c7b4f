import type { SliceSummary } from '../workload/slices';

/** One round of a paired measurement: a baseline node's run and the changed node's, over the same window. */
export interface PairedRound {
  baseline: readonly SliceSummary[];
  changed: readonly SliceSummary[];
}

/** Where a slice sits in its run's window: its index, or its place in the list for slices recorded without one. */
const placeOf = (slice: SliceSummary, position: number) => slice.index ?? position;

/**
 * Lines up paired rounds for the gate's paired mode (`paired: true`), which pairs slice i of one side
 * with slice i of the other: in each round only the places in the window where both runs have a
 * slice (a slice without calls is left out of a run, so the two lists can differ), in window order;
 * the rounds one after another, as reruns add them, and the round of each pair (`rounds`: 0 first).
 * Slices of different places are never paired.
 */
export function linePairedRounds(rounds: readonly PairedRound[]): { before: SliceSummary[]; after: SliceSummary[]; rounds: number[] } {
  const before: SliceSummary[] = [];
  const after: SliceSummary[] = [];
  const roundOf: number[] = [];
  rounds.forEach(({ baseline, changed }, round) => {
    const changedAt = new Map(changed.map((slice, i) => [placeOf(slice, i), slice]));
    const lined = baseline
      .map((slice, i) => ({ place: placeOf(slice, i), slice, other: changedAt.get(placeOf(slice, i)) }))
      .filter((pair): pair is { place: number; slice: SliceSummary; other: SliceSummary } => pair.other !== undefined)
      .sort((a, b) => a.place - b.place);
    for (const pair of lined) {
      before.push(pair.slice);
      after.push(pair.other);
      roundOf.push(round);
    }
  });
  return { before, after, rounds: roundOf };
}
