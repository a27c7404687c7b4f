import type { MaintenanceDeps } from './maintenance-deps';
import type { BackgroundJob } from '../infra/queues/background-queue';
import { MaintenanceScan, type ScanResult } from './maintenance-scan';
import type { ReplacementScheduler } from './replacement-scheduler';

/**
 * The scheduled maintenance pass (every maintenanceScanEveryMs): provider retirement notices and
 * nodes past maxNodeAgeDays become planned replacements. Always fleet-wide: the provider event
 * cursor covers every cluster, so a pass for one cluster would skip the others' notices.
 */
export async function runMaintenanceScan(
  ctx: MaintenanceDeps,
  scheduler: ReplacementScheduler,
  _job: BackgroundJob,
): Promise<Pick<ScanResult, 'eventsRead' | 'oldNodesFound'> & { scheduled: number }> {
  const result = await new MaintenanceScan(ctx, scheduler).run();
  if (result.scheduled.length > 0) {
    ctx.logger.info(
      { scheduled: result.scheduled.map((s) => ({ node: s.replacement.nodeName, change: s.kind, at: s.replacement.scheduledFor })) },
      'maintenance scan planned node replacements',
    );
  }
  return { eventsRead: result.eventsRead, oldNodesFound: result.oldNodesFound, scheduled: result.scheduled.length };
}
