import type { BackupsDeps } from './backups-deps';
import type { BackupService } from './backup-service';
import type { BackgroundJob } from '../infra/queues/background-queue';
import { backupDue } from './backup-schedule';
import { scheduledKind } from './backup-policy';
import type { EngineName } from '../core/types';

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
  const engines = ctx.engines.all().filter((e) => e.backup.supported);
  const now = ctx.clock.now();
  const candidates = (
    await Promise.all([...backedUpEngines(ctx, engines).entries()].map(([r, e]) => ctx.repos.backupSchedule.candidates([r], e)))
  )
    .flat()
    .filter((c) => !job.clusterId || c.clusterId === job.clusterId);
  const started: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const profile = ctx.engines.get(candidate.engine).backup;
    if (!profile.supported || seen.has(candidate.clusterId)) continue;
    seen.add(candidate.clusterId);
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

/** Each region whose provider backs up data, with the engines it backs up there. */
function backedUpEngines(ctx: BackupsDeps, engines: ReadonlyArray<{ name: string }>): Map<string, string[]> {
  const byRegion = new Map<string, string[]>();
  for (const region of ctx.regions.regions.keys()) {
    const provider = ctx.providers.forRegion(region);
    if (!provider.capabilities.has('backsUpData')) continue;
    const names = engines.map((e) => e.name).filter((e) => provider.backsUpEngine?.(e as EngineName) ?? true);
    if (names.length > 0) byRegion.set(region, names);
  }
  return byRegion;
}
