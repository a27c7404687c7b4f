import type { SizingProfile } from '../../core/engine-port';

export interface ResourceUse {
  diskUsedGb: number | null;
  diskTotalGb: number | null;
  memoryUsedGb: number | null;
  memoryTotalGb: number | null;
}

/**
 * How full a node is against what its engine may use: the resource its data fills (memory for
 * Redis, disk for the others) over that resource times the engine's fill limit. 1 = the usable
 * capacity is exhausted (Cassandra: a third of the disk holds data; Redis: 70% of its memory).
 * Null when the node did not report both figures.
 */
export function fillOf(profile: SizingProfile, use: ResourceUse): number | null {
  const [used, total] = profile.resource === 'memoryGb' ? [use.memoryUsedGb, use.memoryTotalGb] : [use.diskUsedGb, use.diskTotalGb];
  if (used === null || total === null || !(total > 0)) return null;
  return used / (total * profile.fillLimit);
}
