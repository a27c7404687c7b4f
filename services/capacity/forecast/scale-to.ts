/**
 * What a cluster needs to hold its projected data, for the what-if's "scale to" answer.
 *
 * Partitioned engines (Cassandra, Elasticsearch) gain capacity per node: at fill f (projected usage
 * / today's usable capacity) the cluster needs f times today's nodes, in whole steps of `nodeStep`
 * (a rack per zone). Never fewer nodes than today.
 */
export function nodesNeeded(fillAtDate: number, currentNodes: number, nodeStep: number): number {
  if (!(fillAtDate >= 0) || !Number.isFinite(fillAtDate)) throw new RangeError(`fillAtDate must be a number ≥ 0, got ${fillAtDate}`);
  if (!Number.isInteger(currentNodes) || currentNodes < 1)
    throw new RangeError(`currentNodes must be a whole number ≥ 1, got ${currentNodes}`);
  if (!Number.isInteger(nodeStep) || nodeStep < 1) throw new RangeError(`nodeStep must be a whole number ≥ 1, got ${nodeStep}`);
  // A hair of tolerance so that 3 nodes × 1.0000000001 fill does not demand a whole extra rack.
  const needed = Math.ceil(currentNodes * fillAtDate - 1e-9);
  return Math.max(currentNodes, Math.ceil(needed / nodeStep) * nodeStep);
}

export interface SizableInstance {
  name: string;
  diskGb: number;
  memoryGb: number;
  hourlyUsd?: number;
}

/**
 * Replicated engines (Redis, PostgreSQL) hold everything on every node, so only a bigger instance
 * helps: the smallest type (by the resource, then price, then name) whose resource × fillLimit holds
 * the projected usage; null when none does.
 */
export function instanceTypeNeeded<T extends SizableInstance>(
  projectedGb: number,
  instanceTypes: readonly T[],
  resource: 'diskGb' | 'memoryGb',
  fillLimit: number,
): T | null {
  const fitting = instanceTypes.filter((t) => t[resource] * fillLimit >= projectedGb);
  fitting.sort((a, b) => a[resource] - b[resource] || (a.hourlyUsd ?? 0) - (b.hourlyUsd ?? 0) || a.name.localeCompare(b.name));
  return fitting[0] ?? null;
}
