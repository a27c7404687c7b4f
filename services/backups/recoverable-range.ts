import type { Backup } from './backup';

export interface RecoverableRange {
  from: Date;
  to: Date;
}

/**
 * The instants a point-in-time restore can reach: from just after the oldest kept backup became
 * consistent (pgBackRest records its end to the second, so one more second is added) until now,
 * as WAL is archived continuously. Null without a succeeded backup.
 */
export function recoverableRange(backups: readonly Backup[], now: Date): RecoverableRange | null {
  const ends = backups.filter((b) => b.status === 'succeeded' && b.finishedAt).map((b) => b.finishedAt!.getTime());
  if (ends.length === 0) return null;
  return { from: new Date(Math.min(...ends) + 1000), to: now };
}
