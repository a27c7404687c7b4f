import type { Workflow } from '../../workflow';
import { FinalStepError, LeaseLostError } from '../../workflow';
import type { HandoverProgress } from '../primary-handover';
import { handOver } from '../hand-over';

/**
 * A planned switchover: the cluster's HA manager (or the one its provider models) hands the primary role from `fromNode` to `toNode`
 * (or to the replica it picks), and Datafleet records it as a switchover event. Held until the
 * maintenance window unless urgent, so the cluster may have changed since it was asked for: before
 * the manager is asked, the request is checked again against the nodes as they are now.
 */
export const switchoverWorkflow: Workflow<'switchover'> = {
  type: 'switchover',
  steps: {
    'switch-over': async (run) => {
      const { fromNode, toNode } = run.op.params;
      const nodes = await run.ctx.repos.nodes.forCluster(run.cluster.id, true);
      const from = nodes.find((n) => n.name === fromNode);
      const to = toNode ? nodes.find((n) => n.name === toNode && n.state !== 'terminated') : null;
      if (!from) throw new FinalStepError(`node ${fromNode} is no longer part of ${run.cluster.name}`);
      if (!(run.checkpoint as Partial<HandoverProgress>).handoverRequested) {
        if (from.role !== 'primary')
          throw new FinalStepError(`${fromNode} is no longer the primary of ${run.cluster.name}: there is nothing to switch over`);
        if (toNode && (!to || to.role !== 'replica')) throw new FinalStepError(`${toNode} is no longer a replica of ${run.cluster.name}`);
      }
      try {
        // Real servers: their HA manager; a simulated cluster: the manager its provider models.
        return await handOver(run, from, to ?? null);
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        // A manager that refuses (no healthy replica, no quorum, the named node not among its
        // replicas) will refuse a retry the same way; a person looks at why.
        throw new FinalStepError(`switchover refused: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  },
  async onFailure({ ctx, cluster }, error) {
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last switchover failed: ${error}`);
  },
};
