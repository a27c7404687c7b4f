import type { StepRun, Workflow } from '../../workflow';
import { done, waitFor } from '../../workflow';
import { nodeAnswers } from '../node-answers';
import { recordNode } from '../node-sync';
import { remediationHooks } from '../remediation-hooks';
import type { ClusterNode } from '../../../core/types';
import { checkpointsOf } from '../../checkpoints';

const VERIFY_ROUNDS = 30;

/** What each step records: the fresh look before acting, whether it restarted, how long it has waited. */
const checkpoints = checkpointsOf<
  'restart_node',
  {
    recheck: { upBeforeAction: boolean; detail: string };
    restart: { restarted: boolean; why: string };
    verify: { rounds: number };
  }
>();

async function targetNode(run: StepRun<'restart_node'>): Promise<ClusterNode> {
  const name = run.op.params.node;
  const node = (await run.ctx.repos.nodes.forCluster(run.cluster.id)).find((n) => n.name === name);
  if (!node?.providerId) throw new Error(`node ${String(name)} is not part of cluster ${run.cluster.name}`);
  return node;
}

/**
 * The restart playbook's operation: re-check the problem with a fresh probe (an alert may be stale),
 * restart the node's process only if it is still down, then verify it answers again.
 */
export const restartNodeWorkflow: Workflow<'restart_node'> = {
  type: 'restart_node',
  steps: {
    recheck: async (run) => {
      const node = await targetNode(run);
      const fresh = await nodeAnswers(run, node);
      await checkpoints.save(run, 'recheck', { upBeforeAction: fresh.up, detail: fresh.detail });
      return done;
    },
    restart: async (run) => {
      const node = await targetNode(run);
      if ((await nodeAnswers(run, node)).up) {
        await checkpoints.save(run, 'restart', { restarted: false, why: 'the node answers: nothing to do' });
        return done;
      }
      const restarted = await run.ctx.providers.forRegion(node.region).restartNode(node.providerId!);
      await recordNode(run.ctx, run.cluster, node.role, restarted);
      await checkpoints.save(run, 'restart', { restarted: true });
      return done;
    },
    verify: async (run) => {
      const node = await targetNode(run);
      const now = await nodeAnswers(run, node);
      if (now.up) return done;
      const rounds = (checkpoints.own(run, 'verify').rounds ?? 0) + 1;
      await checkpoints.save(run, 'verify', { rounds });
      if (rounds >= VERIFY_ROUNDS) throw new Error(`node ${node.name} still does not answer after its restart: ${now.detail}`);
      return waitFor(1000, `waiting for ${node.name} to answer`);
    },
  },
  ...remediationHooks,
};
