import type { StepRun } from '../workflow';
import type { ClusterNode } from '../../core/types';
import { askNode } from '../../fleet/node-answer';
import { credentialsFor } from './cluster-credentials';

/**
 * Whether the node answers right now (`askNode`); a node with no machine yet does not. A
 * remediation that acts on a node asks this first: what its alert said earlier is no evidence of
 * this moment.
 */
export async function nodeAnswers(run: StepRun, node: ClusterNode): Promise<{ up: boolean; detail: string }> {
  const answer = await askNode(run.ctx, run.cluster.engine, node, () => credentialsFor(run.ctx, run.cluster));
  return { up: answer.up === true, detail: answer.detail };
}
