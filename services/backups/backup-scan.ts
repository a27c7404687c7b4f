import type { BackupsDeps } from './backups-deps';
import type { BackupService } from './backup-service';
import type { BackgroundJob } from '../infra/queues/background-queue';
import { backupDue } from './backup-schedule';
import { scheduledKind } from './backup-policy';

/**
 * The scheduled backup pass (every backupScanEveryMs): every ACTIVE cluster of a region whose
 * provider can back up, whose policy (or engine default) is due inside its window, gets a `backup`
 * operation; the operation expires what the retention no longer keeps. One cluster's refusal does
 * not stop the pass.
 */
export async function runBackupScan(
  ctx: BackupsDeps,
  backups: BackupService,
  job: BackgroundJob = {},
): Promise<{ considered: number; started: string[] }> {
  const regions = [...ctx.regions.regions.keys()].filter((r) => ctx.providers.forRegion(r).capabilities.has('backsUpData'));
  const engines = ctx.engines.all().filter((e) => e.backup.supported);
  const now = ctx.clock.now();
  const candidates = (
    await ctx.repos.backupSchedule.candidates(
      regions,
      engines.map((e) => e.name),
    )
  ).filter((c) => !job.clusterId || c.clusterId === job.clusterId);
  const started: string[] = [];
  for (const candidate of candidates) {
    const profile = ctx.engines.get(candidate.engine).backup;
    if (!profile.supported) continue;
    const policy = candidate.policy ?? profile.defaultPolicy;
    if (!backupDue(policy, candidate.lastBackupAt, now)) continue;
    try {
      await backups.requestScheduled(candidate.clusterId, scheduledKind(policy, candidate.lastFullAt, now));
      started.push(candidate.clusterName);
    } catch (error) {
      ctx.logger.warn({ err: error, cluster: candidate.clusterName }, 'scheduled backup not started');
    }
  }
  if (started.length > 0) ctx.logger.info({ clusters: started }, 'scheduled backups started');
  return { considered: candidates.length, started };
}
