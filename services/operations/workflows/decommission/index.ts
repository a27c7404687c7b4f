import type { Workflow } from '../../workflow';
import { done } from '../../workflow';
import { refreshClusterStats } from '../node-sync';
import { destroyClusterNodes } from '../cluster-teardown';
import { checkpointsOf } from '../../checkpoints';

const checkpoints = checkpointsOf<'decommission', { begin: object; 'destroy-nodes': { destroyed: string[] }; finalize: object }>();

export const decommissionWorkflow: Workflow<'decommission'> = {
  type: 'decommission',
  steps: {
    begin: async () => done,
    'destroy-nodes': async (run) => {
      const destroyed = new Set(checkpoints.own(run, 'destroy-nodes').destroyed ?? []);
      await destroyClusterNodes(run.ctx, run.cluster, async (name) => {
        destroyed.add(name);
        await checkpoints.save(run, 'destroy-nodes', { destroyed: [...destroyed] });
      });
      return done;
    },
    finalize: async (run) => {
      await refreshClusterStats(run.ctx, run.cluster);
      return done;
    },
  },
  async onStart({ ctx, cluster }) {
    await ctx.repos.clusters.setStatus(cluster.id, 'DECOMMISSIONING', null);
  },
  async onSuccess({ ctx, cluster }) {
    await ctx.repos.clusters.setStatus(cluster.id, 'DECOMMISSIONED', null);
  },
  async onFailure({ ctx, cluster }, error) {
    await ctx.repos.clusters.setStatus(cluster.id, 'FAILED', `decommission failed: ${error}. Request the deletion again to retry.`);
  },
  async onCancel({ ctx, cluster, op }) {
    // Only reachable before any node was destroyed (see cancellableWhileRunning).
    const previous = op.params.previousStatus ?? 'ACTIVE';
    await ctx.repos.clusters.setStatus(cluster.id, previous, null);
  },
};
