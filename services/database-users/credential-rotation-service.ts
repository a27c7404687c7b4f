import type { DatabaseUsersDeps } from './database-users-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ConflictError, UnprocessableError } from '../core/errors';
import { sha256Hex } from '../core/ids';
import { isSimulated } from '../providers/capabilities';
import { withTransaction } from '../infra/db/pool';
import { DEFAULT_GRACE_SECONDS } from './database-user-service';

export interface CredentialRotation {
  operationId: string;
  /** The held operation that makes the previous credential stop working, where both work meanwhile. */
  retireOperationId: string | null;
  retiresAt: Date | null;
}

/**
 * Rotating the control plane's own credential of a cluster, as an operation, audited. Where the
 * engine lets both passwords work (Redis), the previous one is retired by a held operation after the
 * grace period; elsewhere the new one replaces it at once, as only the control plane uses it.
 */
export class CredentialRotationService {
  constructor(
    private readonly ctx: DatabaseUsersDeps,
    private readonly operations: OperationService,
  ) {}

  async rotate(actor: Actor, cluster: ClusterRecord, graceSeconds = DEFAULT_GRACE_SECONDS): Promise<CredentialRotation> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    const engine = this.ctx.engines.get(cluster.engine);
    if (!engine.adminRotation)
      throw new ConflictError(`${engine.displayName} has no password: there is no credential to rotate`, { engine: engine.name });
    const provider = this.ctx.providers.forRegion(cluster.regions[0]!);
    if (!provider.capabilities.has('createsNodes'))
      throw new UnprocessableError(
        `cluster ${cluster.name} was adopted: its admin password belongs to the organisation that runs its servers, which changes it there`,
        { provider: provider.kind },
      );
    if (cluster.status !== 'ACTIVE')
      throw new ConflictError(`cluster ${cluster.name} is ${cluster.status}: the credential rotates on an ACTIVE cluster`);
    const overlap = engine.adminRotation.overlaps && !isSimulated(provider);
    const retiresAt = overlap ? new Date(this.ctx.clock.now().getTime() + graceSeconds * 1000) : null;
    const previousSha256 = sha256Hex(await this.ctx.repos.clusters.password(cluster.id));
    const who = actorLabel(actor);
    const ops = await withTransaction(this.ctx.pool, async (db) => {
      await this.ctx.repos.clusters.lock(cluster.id, db);
      const open = await this.ctx.repos.operations.openOfType(cluster.id, 'rotate_credential', db);
      if (open.length > 0)
        throw new ConflictError(`the credential of cluster ${cluster.name} is already being rotated (operation ${open[0]!.id})`);
      const rotation = await this.operations.record(db, {
        clusterId: cluster.id,
        type: 'rotate_credential',
        requestedBy: who,
        reason: "rotate the control plane's credential",
        params: {},
      });
      const retire = retiresAt
        ? await this.operations.record(db, {
            clusterId: cluster.id,
            type: 'retire_credential',
            requestedBy: who,
            reason: 'retire the previous credential after its grace period',
            params: { previousSha256, rotationId: rotation.id, notBefore: retiresAt.toISOString() },
          })
        : null;
      await this.ctx.repos.audit.record(
        {
          actor: who,
          action: 'cluster.credential.rotate',
          targetType: 'cluster',
          targetId: cluster.id,
          reason: "rotate the control plane's credential",
          after: { operationId: rotation.id, previousRetiresAt: retiresAt?.toISOString() ?? 'at once' },
        },
        db,
      );
      return { rotation, retire };
    });
    await this.operations.dispatch(ops.rotation.id, ops.rotation.priority);
    if (ops.retire && retiresAt)
      await this.operations.dispatch(ops.retire.id, ops.retire.priority, Math.max(0, retiresAt.getTime() - Date.now()));
    return { operationId: ops.rotation.id, retireOperationId: ops.retire?.id ?? null, retiresAt };
  }
}
