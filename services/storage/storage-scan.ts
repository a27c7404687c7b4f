import type { StorageDeps } from './storage-deps';
import type { GrowStorageService } from './grow-storage-service';
import type { StoragePolicyRepository } from './sql/storage-policies';
import type { BackgroundJob } from '../infra/queues/background-queue';
import { nextWindow } from '../fleet/maintenance-window';
import { automaticTarget, currentDiskGb } from './storage-rules';

/**
 * The scheduled storage pass (every storageScanEveryMs): each cluster whose team enabled automatic
 * growth and whose latest forecast runs out within the policy's lead days gets a grow_storage
 * operation, by the policy's percentage up to its maximum, in the maintenance window, or at once
 * when the window would open after the exhaustion date. A cluster already at its maximum is
 * logged and left for a person. One cluster's refusal does not stop the pass.
 */
export async function runStorageScan(
  ctx: StorageDeps,
  deps: { grow: GrowStorageService; policies: StoragePolicyRepository },
  job: BackgroundJob = {},
): Promise<{ considered: number; started: string[] }> {
  const now = ctx.clock.now();
  const due = await deps.policies.dueForGrowth(now, job.clusterId);
  const started: string[] = [];
  for (const candidate of due) {
    const cluster = await ctx.repos.clusters.findById(candidate.clusterId);
    if (!cluster) continue;
    try {
      const from = currentDiskGb(cluster, ctx.regions.instanceTypes);
      const { growByPercent, maxDiskGb, leadDays } = candidate.policy;
      const target = from === null ? null : automaticTarget(from, growByPercent, maxDiskGb);
      if (target === null) {
        ctx.logger.warn({ cluster: cluster.name, diskGb: from, maxDiskGb }, 'storage runs out soon but the policy allows no larger disk');
        continue;
      }
      const window = cluster.maintenanceWindow ? nextWindow(cluster.maintenanceWindow, now) : null;
      const urgent = window !== null && !window.openNow && window.opens.getTime() >= candidate.exhaustionAt.getTime();
      const day = candidate.exhaustionAt.toISOString().slice(0, 10);
      await deps.grow.requestAutomatic(
        cluster,
        target,
        `automatic: storage policy grows ${from} → ${target} GB per node; the forecast runs out on ${day}, within ${leadDays} days`,
        urgent,
      );
      started.push(cluster.name);
    } catch (error) {
      ctx.logger.warn({ err: error, cluster: cluster.name }, 'automatic storage grow not started');
    }
  }
  if (started.length > 0) ctx.logger.info({ clusters: started }, 'automatic storage grows scheduled');
  return { considered: due.length, started };
}
