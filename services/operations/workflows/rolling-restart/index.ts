import type { Workflow } from '../../workflow';
import { rollingOrder, rollNodes } from '../upgrade/rolling-change';

/**
 * Restarts every node once, replicas before the primary, waiting for each to serve again before the
 * next (the upgrade's rolling change with a restart as the change). A worker killed midway is
 * replaced by one that restarts only the nodes not yet finished.
 */
export const rollingRestartWorkflow: Workflow<'rolling_restart'> = {
  type: 'rolling_restart',
  steps: {
    'restart-nodes': (run) =>
      rollNodes(
        run,
        () => ({}),
        rollingOrder,
        undefined,
        (node) => run.ctx.providers.forRegion(node.region).restartNode(node.providerId!),
      ),
  },
  async onFailure({ ctx, cluster }, error) {
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last rolling restart failed: ${error}`);
  },
};
