import type { StepRun, StepResult } from '../../workflow';
import { done } from '../../workflow';
import type { ClusterNode } from '../../../core/types';
import { undoOf, type NodeBefore, type UpgradeParams } from './params';
import { rollNodes, undoOrder } from './rolling-change';
import { upgradeCheckpoints as checkpoints } from './checkpoints';

/** Whether a node differs from what it was before the upgrade, in what the upgrade changes. */
function changedSince(node: ClusterNode, was: NodeBefore, p: UpgradeParams): boolean {
  return (
    (p.toVersion !== undefined && node.softwareVersion !== was.version) ||
    (p.instanceType !== undefined && node.instanceType !== was.instanceType) ||
    (p.kernelVersion !== undefined && node.kernelVersion !== was.kernelVersion)
  );
}

/** Whether the gate asked for the change to be undone: at the canary, or once every node had it. */
export async function gateRegressed(run: Pick<StepRun<'upgrade'>, 'ctx' | 'op'>): Promise<'canary' | 'compare' | null> {
  if ((await checkpoints.of(run, 'canary')).verdict === 'regression') return 'canary';
  const { comparisons = [] } = await checkpoints.of(run, 'compare');
  return comparisons.some((c) => c.verdict.verdict === 'regression') ? 'compare' : null;
}

/**
 * Puts back what the upgrade changed, replicas in reverse and the primary still last (undoOrder): every node
 * after a regression found once all were changed, the canary alone after one found at the canary
 * (a node still as it was is left alone, so the nodes the canary step kept off the change are
 * never touched). Nothing when the gate did not find a regression.
 */
export async function rollbackStep(run: StepRun<'upgrade'>): Promise<StepResult> {
  if ((await gateRegressed(run)) === null) return done;
  const p = run.op.params;
  const before = (await checkpoints.of(run, 'preflight')).nodes ?? [];
  // A node whose undo was asked for before a crash is watched until it serves, even if it already reads as it was.
  const undoing = checkpoints.own(run, 'rollback').changing;
  return rollNodes(
    run,
    (node) => {
      const was = before.find((b) => b.name === node.name);
      return was && (changedSince(node, was, p) || node.name === undoing) ? undoOf(was, p) : null;
    },
    undoOrder,
  );
}
