import { findCluster } from '../fleet/find-cluster';
import type { WorkloadDeps } from './workload-deps';
import type { Operation } from '../core/types';
import type { OperationService } from '../operations/operation-service';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ConflictError, InputError } from '../core/errors';
import { StandardWorkloadNames } from './standard';

export interface BenchmarkRequest {
  workloads?: string[];
  durationSeconds?: number;
}

/**
 * On-demand benchmarks: a `benchmark` operation (background priority) that runs standard workloads
 * against an ACTIVE cluster and stores each result. Recorded with its audit event before it is queued.
 */
export class BenchmarkService {
  constructor(
    private readonly ctx: WorkloadDeps,
    private readonly operations: OperationService,
  ) {}

  async request(actor: Actor, ref: string, body: BenchmarkRequest, reason = 'benchmark requested'): Promise<Operation> {
    const cluster = await findCluster(this.ctx.repos.clusters, ref);
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    const workloads = [...new Set(body.workloads ?? StandardWorkloadNames)];
    const unknown = workloads.filter((w) => !StandardWorkloadNames.includes(w as never));
    if (workloads.length === 0 || unknown.length > 0) {
      throw new InputError(`unknown workload ${unknown.join(', ')}: choose from ${StandardWorkloadNames.join(', ')}`, {
        field: 'workloads',
        known: StandardWorkloadNames,
      });
    }
    if (cluster.status !== 'ACTIVE') {
      throw new ConflictError(`cluster ${cluster.name} is ${cluster.status}; only an ACTIVE cluster can be benchmarked`, {
        status: cluster.status,
      });
    }
    const params = { workloads, ...(body.durationSeconds !== undefined ? { durationSeconds: body.durationSeconds } : {}) };
    const who = actorLabel(actor);
    return this.operations.requestAudited({
      cluster,
      request: { clusterId: cluster.id, type: 'benchmark', requestedBy: who, reason, params },
      audit: (operationId) => ({ action: 'cluster.benchmark', after: { operationId, ...params } }),
    });
  }
}
