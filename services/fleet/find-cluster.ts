import type { ClusterRecord } from './cluster-record';
import { NotFoundError } from '../core/errors';

/** A cluster by name or id, or the API's 404: the one lookup every request on a cluster starts with. */
export async function findCluster(clusters: { find(ref: string): Promise<ClusterRecord | null> }, ref: string): Promise<ClusterRecord> {
  const cluster = await clusters.find(ref);
  if (!cluster) throw new NotFoundError('cluster', ref);
  return cluster;
}
