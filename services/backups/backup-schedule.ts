import type { BackupPolicySettings } from '../core/engine-port';

/** Whether `now` falls in the daily UTC window that starts at `startHour` and lasts `hours` (it may wrap past midnight). */
export function insideWindow(policy: Pick<BackupPolicySettings, 'windowStartHour' | 'windowHours'>, now: Date): boolean {
  const sinceStart = (now.getUTCHours() - policy.windowStartHour + 24) % 24;
  return sinceStart < policy.windowHours;
}

/**
 * A cluster is due when its policy is on, the window is open, and its newest backup (running or
 * succeeded) is at least `frequencyHours` old — less a tenth, so a daily backup started late in one
 * window is not pushed out of the next one.
 */
export function backupDue(policy: BackupPolicySettings, lastBackupAt: Date | null, now: Date): boolean {
  if (!policy.enabled || !insideWindow(policy, now)) return false;
  if (!lastBackupAt) return true;
  return now.getTime() - lastBackupAt.getTime() >= policy.frequencyHours * 3_600_000 * 0.9;
}
