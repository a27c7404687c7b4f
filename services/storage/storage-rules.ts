import { MAX_DISK_GB } from '../core/disk';

export { currentDiskGb, MAX_DISK_GB } from '../core/disk';

/** Block storage per GB-month (a general-purpose SSD volume's list price), for the preview's cost. */
export const STORAGE_USD_PER_GB_MONTH = 0.08;

/**
 * The usable capacity after growing the disk: an engine whose capacity is its disk keeps the same
 * share of a larger disk (a third of it for Cassandra, its fill limit for the others).
 */
export function usableAfter(usableCapacityGb: number, fromDiskGb: number, toDiskGb: number): number {
  return Math.round(((usableCapacityGb * toDiskGb) / fromDiskGb) * 100) / 100;
}

/** The disk an automatic grow asks for: `growByPercent` more, in whole GB, at most `maxDiskGb`; null when it cannot grow. */
export function automaticTarget(fromDiskGb: number, growByPercent: number, maxDiskGb: number): number | null {
  const target = Math.min(Math.ceil(fromDiskGb * (1 + growByPercent / 100)), maxDiskGb, MAX_DISK_GB);
  return target > fromDiskGb ? target : null;
}

/** Whether the forecast's exhaustion date is within the policy's lead days of now. */
export function growDue(exhaustionAt: Date | null, leadDays: number, now: Date): boolean {
  return exhaustionAt !== null && exhaustionAt.getTime() - now.getTime() <= leadDays * 86_400_000;
}
