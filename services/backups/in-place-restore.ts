import type { BackupsDeps } from './backups-deps';
import { findCluster } from '../fleet/find-cluster';
import type { RestoreRequest, RestoreService } from './restore-service';
import type { OperationService } from '../operations/operation-service';
import type { ClusterWithOperation } from '../fleet/cluster-service';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ConflictError, InputError } from '../core/errors';

/**
 * A backup restored onto the cluster's own nodes: every write since the backup (or the instant) is
 * gone, so it runs only when the request names the cluster again in `confirm`, and the audit trail
 * records who asked, which backup and the confirmation. A `restore_in_place` operation does it.
 */
export class InPlaceRestoreService {
  constructor(
    private readonly ctx: BackupsDeps,
    private readonly restores: RestoreService,
    private readonly operations: OperationService,
  ) {}

  async restore(actor: Actor, ref: string, request: RestoreRequest): Promise<ClusterWithOperation> {
    const cluster = await findCluster(this.ctx.repos.clusters, ref);
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name} (restoring it in place)`);
    if (request.name !== undefined)
      throw new InputError('an in-place restore makes no new cluster: leave out "name", or leave out "inPlace" to restore into a new one', {
        path: 'body/name',
      });
    if (request.confirm !== cluster.name)
      throw new InputError(
        `an in-place restore replaces the data of every node of cluster ${cluster.name} with the backup's, losing every later write; ` +
          `to confirm, send "confirm": "${cluster.name}"${request.confirm === undefined ? '' : ` (not "${request.confirm}")`}`,
        { path: 'body/confirm', expected: cluster.name },
      );
    if (cluster.status !== 'ACTIVE')
      throw new ConflictError(`cluster ${cluster.name} is ${cluster.status}; only an ACTIVE cluster can be restored in place`, {
        status: cluster.status,
      });
    const { backup, to } = await this.restores.choose(cluster, request);
    const who = actorLabel(actor);
    const params = { backupId: backup.id, label: backup.label!, ...(to ? { to } : {}) };
    const reason = `restore backup ${backup.id} of ${cluster.name} in place${to ? ` as of ${to}` : ''}, confirmed by name`;
    const operation = await this.operations.requestAudited({
      cluster,
      request: { clusterId: cluster.id, type: 'restore_in_place', requestedBy: who, reason, params },
      audit: (operationId) => ({
        action: 'cluster.restore-in-place',
        before: { status: cluster.status },
        after: { operationId, ...params, confirm: request.confirm, backupFinishedAt: backup.finishedAt?.toISOString() ?? null },
      }),
    });
    return { cluster, operation };
  }
}
