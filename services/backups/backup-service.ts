import type { BackupsDeps } from './backups-deps';
import { findCluster } from '../fleet/find-cluster';
import type { OperationService } from '../operations/operation-service';
import type { Backup, BackupKind } from './backup';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { BackupPolicySettings } from '../core/engine-port';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ConflictError, InputError, NotFoundError } from '../core/errors';
import { withTransaction } from '../infra/db/pool';
import { newId } from '../core/ids';
import { checkPolicy, effectivePolicy, fullBackupsToKeep, type EffectiveBackupPolicy } from './backup-policy';
import type { Operation } from '../core/types';

/** Who scheduled backups are requested by, in operations and the audit trail. */
const SCHEDULER = 'datafleet/backup-schedule';

export interface BackupWithOperation {
  backup: Backup;
  operation: Operation;
}

/**
 * Backups of a cluster: each is a `backup` operation (background priority) and a backups row,
 * recorded with its audit event in one transaction before it is queued. Policies live here too.
 */
export class BackupService {
  constructor(
    private readonly ctx: BackupsDeps,
    private readonly operations: OperationService,
  ) {}

  async cluster(ref: string): Promise<ClusterRecord> {
    const cluster = await findCluster(this.ctx.repos.clusters, ref);
    return cluster;
  }

  async list(ref: string, limit?: number): Promise<Backup[]> {
    return this.ctx.repos.backups.forCluster((await this.cluster(ref)).id, limit);
  }

  async get(id: string): Promise<Backup> {
    const backup = await this.ctx.repos.backups.get(id);
    if (!backup) throw new NotFoundError('backup', id);
    return backup;
  }

  /** An on-demand backup; the engine's default kind unless one is asked for. */
  async request(actor: Actor, ref: string, body: { kind?: BackupKind }): Promise<BackupWithOperation> {
    const cluster = await this.cluster(ref);
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    return this.record(cluster, body.kind, actorLabel(actor), false);
  }

  /** A backup the policy's schedule starts (the backup scan), requested by the control plane itself. */
  async requestScheduled(clusterId: string, kind: BackupKind): Promise<BackupWithOperation> {
    return this.record(await this.cluster(clusterId), kind, SCHEDULER, true);
  }

  private async record(
    cluster: ClusterRecord,
    asked: BackupKind | undefined,
    who: string,
    scheduled: boolean,
  ): Promise<BackupWithOperation> {
    const profile = this.ctx.engines.get(cluster.engine).backup;
    if (!profile.supported)
      throw new InputError(`${cluster.engine} cluster ${cluster.name} has ${profile.method}`, { engine: cluster.engine });
    const kind = asked ?? profile.kinds[0]!;
    if (!profile.kinds.includes(kind))
      throw new InputError(`${cluster.engine} backups are ${profile.kinds.join(', ')}; not ${kind}`, {
        path: 'body/kind',
        allowed: profile.kinds,
      });
    if (cluster.status !== 'ACTIVE')
      throw new ConflictError(`cluster ${cluster.name} is ${cluster.status}; only an ACTIVE cluster can be backed up`, {
        status: cluster.status,
      });
    const policy = await this.policy(cluster);
    const backupId = newId();
    const params = { backupId, kind, ...(policy ? { keepFull: fullBackupsToKeep(policy) } : {}) };
    const reason = `${scheduled ? 'scheduled' : 'on-demand'} ${kind} backup of ${cluster.name}`;
    const operation = await this.operations.requestAudited({
      cluster,
      request: { clusterId: cluster.id, type: 'backup', requestedBy: who, reason, params },
      alongside: (db, operationId) =>
        this.ctx.repos.backups.insert(
          { id: backupId, clusterId: cluster.id, operationId, engine: cluster.engine, kind, scheduled, requestedBy: who },
          db,
        ),
      audit: (operationId) => ({ action: 'cluster.backup', after: { operationId, ...params } }),
    });
    return { backup: await this.get(backupId), operation };
  }

  /** The cluster's policy, or its engine's default; null for an engine with nothing to back up. */
  async policy(cluster: ClusterRecord): Promise<EffectiveBackupPolicy | null> {
    return effectivePolicy(this.ctx.engines.get(cluster.engine).backup, await this.ctx.repos.backupPolicies.get(cluster.id));
  }

  async setPolicy(actor: Actor, ref: string, settings: BackupPolicySettings): Promise<EffectiveBackupPolicy> {
    const cluster = await this.cluster(ref);
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    checkPolicy(this.ctx.engines.get(cluster.engine).backup, cluster.engine, settings);
    const before = await this.policy(cluster);
    const who = actorLabel(actor);
    const stored = await withTransaction(this.ctx.pool, async (db) => {
      await this.ctx.repos.audit.record(
        { actor: who, action: 'cluster.backup-policy', targetType: 'cluster', targetId: cluster.id, reason: null, before, after: settings },
        db,
      );
      return this.ctx.repos.backupPolicies.put(cluster.id, settings, who, db);
    });
    const { clusterId: _clusterId, ...rest } = stored;
    return { ...rest, isDefault: false };
  }
}
