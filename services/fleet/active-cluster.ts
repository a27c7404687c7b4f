import { ConflictError } from '../core/errors';
import type { ProblemList } from '../core/request-problems';
import type { ClusterRecord } from './cluster-record';

type Named = Pick<ClusterRecord, 'name' | 'status'>;

/** Why a change waits for an ACTIVE cluster; `only` says which change ("an ACTIVE cluster is resized"). */
function notActive(cluster: Named, only: string): string {
  return `cluster ${cluster.name} is ${cluster.status}: only ${only}`;
}

/** A cluster that is not ACTIVE, kept with a request's other problems (a 409 when it is the only one). */
export function conflictUnlessActive(problems: ProblemList, cluster: Named, only: string): void {
  if (cluster.status !== 'ACTIVE') problems.conflict({ path: 'cluster', message: notActive(cluster, only), status: cluster.status });
}

/** A cluster that is not ACTIVE, refused at once (409). */
export function assertActive(cluster: Named, only: string): void {
  if (cluster.status !== 'ACTIVE') throw new ConflictError(notActive(cluster, only), { status: cluster.status });
}
