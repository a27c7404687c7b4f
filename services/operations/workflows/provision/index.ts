import type { Workflow } from '../../workflow';
import { done } from '../../workflow';
import { planNodes } from '../node-plan';
import { refreshClusterStats } from '../node-sync';
import { credentialsFor, endpointsOf } from '../cluster-credentials';
import { clusterIsSimulated } from '../cluster-provider';
import { destroyClusterNodes } from '../cluster-teardown';
import { ensureFailoverManager } from '../failover-manager';
import { createNodes } from './create-nodes';
import { waitForNodes } from './wait-for-nodes';
import { verifyHealth } from './verify-health';
import { firstForecast } from './first-forecast';
import { provisionCheckpoints as checkpoints } from './checkpoints';

export const provisionWorkflow: Workflow<'provision'> = {
  type: 'provision',
  steps: {
    'plan-nodes': async (run) => {
      await checkpoints.save(run, 'plan-nodes', { nodes: planNodes(run.ctx, run.cluster) });
      return done;
    },
    'create-nodes': createNodes,
    'wait-for-nodes': waitForNodes,
    'form-cluster': async (run) => {
      if (clusterIsSimulated(run.ctx, run.cluster)) return done;
      const engine = run.ctx.engines.get(run.cluster.engine);
      const nodes = await run.ctx.repos.nodes.forCluster(run.cluster.id);
      await engine.formCluster(endpointsOf(nodes), await credentialsFor(run.ctx, run.cluster));
      await ensureFailoverManager(run.ctx, run.cluster);
      return done;
    },
    'verify-health': verifyHealth,
    activate: async (run) => {
      await refreshClusterStats(run.ctx, run.cluster);
      return done;
    },
  },
  async onSuccess({ ctx, cluster }) {
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', null);
    // Not awaited: the operation is done; its first forecast follows moments later.
    void firstForecast(ctx, cluster);
  },
  async onFailure({ ctx, cluster }, error) {
    await refreshClusterStats(ctx, cluster);
    await ctx.repos.clusters.setStatus(
      cluster.id,
      'FAILED',
      `${error}. Decommission the cluster to release any nodes it holds, then create it again.`,
    );
  },
  async onCancel({ ctx, cluster, op }) {
    const destroyed = await destroyClusterNodes(ctx, cluster);
    await refreshClusterStats(ctx, cluster);
    await ctx.repos.clusters.setStatus(cluster.id, 'FAILED', `provisioning cancelled (${op.requestedBy}); ${destroyed} node(s) released`);
  },
};
