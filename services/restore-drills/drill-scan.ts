import type { RestoreDrillsDeps } from './restore-drills-deps';
import type { RestoreDrillService } from './drill-service';
import type { BackgroundJob } from '../infra/queues/background-queue';
import type { MaintenanceWindow } from '../core/types';
import { nextWindow } from '../fleet/maintenance-window';
import { drillableEngines, drillableRegions } from './drillable';

/**
 * Due: no drill running, the last one at least `everyDays` ago (less a tenth, so a weekly drill
 * started late in one window is not pushed out of the next), and the cluster's maintenance window
 * open now — a cluster without a window accepts work at any time.
 */
export function drillDue(
  candidate: { running: boolean; lastDrillAt: Date | null; maintenanceWindow: MaintenanceWindow | null },
  everyDays: number,
  now: Date,
): boolean {
  if (candidate.running) return false;
  if (candidate.lastDrillAt && now.getTime() - candidate.lastDrillAt.getTime() < everyDays * 86_400_000 * 0.9) return false;
  return !candidate.maintenanceWindow || nextWindow(candidate.maintenanceWindow, now).openNow;
}

/**
 * The scheduled drill pass (every restoreDrillScanEveryMs): every ACTIVE cluster with a checked
 * backup whose drill is due gets a `restore_drill` operation. One cluster's refusal does not stop the pass.
 */
export async function runRestoreDrillScan(
  ctx: RestoreDrillsDeps,
  drills: RestoreDrillService,
  job: BackgroundJob = {},
): Promise<{ considered: number; started: string[] }> {
  const now = ctx.clock.now();
  const candidates = (await ctx.repos.drillFleet.candidates(drillableRegions(ctx), drillableEngines(ctx))).filter(
    (c) => !job.clusterId || c.clusterId === job.clusterId,
  );
  const started: string[] = [];
  for (const candidate of candidates) {
    if (!drillDue(candidate, ctx.config.restoreDrillEveryDays, now)) continue;
    try {
      await drills.requestScheduled(candidate.clusterId);
      started.push(candidate.clusterName);
    } catch (error) {
      ctx.logger.warn({ err: error, cluster: candidate.clusterName }, 'scheduled restore drill not started');
    }
  }
  if (started.length > 0) ctx.logger.info({ clusters: started }, 'scheduled restore drills started');
  return { considered: candidates.length, started };
}
