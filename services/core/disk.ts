import type { ClusterSpec } from './types';

/** The largest volume a node may have: a cloud block volume's limit (16 TiB). */
export const MAX_DISK_GB = 16_384;

/** Each node's disk now: as grown, else its instance type's; null when the type is not configured. */
export function currentDiskGb(
  cluster: { spec: Pick<ClusterSpec, 'diskGb' | 'instanceType'> },
  instanceTypes: ReadonlyMap<string, { diskGb: number }>,
): number | null {
  return cluster.spec.diskGb ?? instanceTypes.get(cluster.spec.instanceType)?.diskGb ?? null;
}

/**
 * The disk each node needs for its usable capacity to reach `neededGb`: an engine whose capacity is
 * its disk keeps the same share of a larger one. Rounded up to 10 GB.
 */
export function diskFor(neededGb: number, usableCapacityGb: number, diskGb: number): number {
  return Math.ceil((diskGb * neededGb) / usableCapacityGb / 10) * 10;
}
