import type { NodeChange } from '../../../providers/provider';
import type { WorkloadVerdict } from '../../../upgrades/upgrade-gate';
import type { CanaryPair } from './canary-pair';
import type { WorkloadComparison } from './gate';

/* Why an upgrade ended as it did, in a line a person reads: the operation's reason. */

const changeText = (change: NodeChange) =>
  Object.entries(change)
    .map(([what, to]) => `${what} ${String(to)}`)
    .join(', ') || 'the change';

const evidenceOf = (comparisons: readonly WorkloadComparison[], verdict: WorkloadVerdict['verdict']) =>
  comparisons
    .filter((c) => c.verdict.verdict === verdict)
    .map((c) => `${c.workload}${c.paired ? ' reads at the canary' : ''}: ${c.verdict.reasons.join('; ')}`)
    .join(' | ');

/**
 * Why an upgrade was rolled back: the workloads the gate judged worse and its reasons (the
 * before/after figures), then what was undone.
 */
export function gateEvidence(comparisons: readonly WorkloadComparison[], change: NodeChange): string {
  return `regression: ${evidenceOf(comparisons, 'regression')}; every node rolled back from ${changeText(change)}`;
}

/** Why an upgrade is held for a person: the gate could not tell a change from noise, even after its reruns. */
export function heldEvidence(comparisons: readonly WorkloadComparison[], change: NodeChange, reruns: number): string {
  return (
    `held: inconclusive after ${reruns} rerun${reruns === 1 ? '' : 's'} of the after-benchmark: ${evidenceOf(comparisons, 'inconclusive')}; ` +
    `not rolled back on noise: every node keeps ${changeText(change)}; a person decides whether to keep it or upgrade back`
  );
}

/** Why an upgrade stopped at its canary: the reads judged slower there; only the canary was changed, and it is undone. */
export function canaryEvidence(comparisons: readonly WorkloadComparison[], change: NodeChange, pair: CanaryPair): string {
  return (
    `regression: ${evidenceOf(comparisons, 'regression')}; ` +
    `only the canary ${pair.canary} was changed and it is rolled back from ${changeText(change)}; the other nodes never changed`
  );
}

/** Why an upgrade is held at its canary: the paired reads could not tell a change from noise, even after their reruns. */
export function canaryHeldEvidence(
  comparisons: readonly WorkloadComparison[],
  change: NodeChange,
  reruns: number,
  pair: CanaryPair,
): string {
  return (
    `held: inconclusive at the canary after ${reruns} rerun${reruns === 1 ? '' : 's'} of the canary pair: ${evidenceOf(comparisons, 'inconclusive')}; ` +
    `not rolled back on noise: the canary ${pair.canary} keeps ${changeText(change)}, the other nodes were not changed; ` +
    `a person decides whether to go on or upgrade the canary back`
  );
}
