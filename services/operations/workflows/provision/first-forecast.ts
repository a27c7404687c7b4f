import type { WorkflowDeps } from '../../workflow-deps';
import type { Cluster } from '../../../core/types';
import { backfillSimulatedHistory } from '../../../capacity/metrics/simulated-history';
import { clusterIsSimulated } from '../cluster-provider';

/**
 * A simulated cluster arrives with its simulated history and a first capacity forecast, so its owner
 * sees capacity on the cluster page at once instead of after the next rollup and daily forecast.
 * Best effort: those scheduled jobs do the same later, so a failure here only delays it.
 */
export async function firstForecast(ctx: WorkflowDeps, cluster: Cluster): Promise<void> {
  if (!clusterIsSimulated(ctx, cluster)) return;
  try {
    await backfillSimulatedHistory(ctx, ctx.clock.now(), Infinity, cluster.id);
    await ctx.capacity.forecastCluster(cluster.id);
  } catch (error) {
    ctx.logger.warn({ err: error, cluster: cluster.name }, 'first capacity forecast failed; the scheduled jobs will make it');
  }
}
