import type { BackupsDeps } from './backups-deps';
import { findCluster } from '../fleet/find-cluster';
import type { Backup } from './backup';
import type { ClusterService, ClusterWithOperation } from '../fleet/cluster-service';
import type { ClusterRecord } from '../fleet/cluster-record';
import { assertMayChange, type Actor } from '../core/actor';
import { InputError, NotFoundError, UnprocessableError } from '../core/errors';
import { recoverableRange, type RecoverableRange } from './recoverable-range';

export interface RestoreRequest {
  /** The new cluster's name (absent for an in-place restore). */
  name?: string;
  /** A backup of the cluster; default: the newest one that can serve `to` (or the newest). */
  backupId?: string;
  /** PostgreSQL: the instant to restore to (ISO 8601). */
  to?: string;
  /** Onto the cluster's own nodes instead of a new cluster; needs `confirm`. */
  inPlace?: boolean;
  /** The cluster's exact name: the confirmation an in-place restore needs. */
  confirm?: string;
}

/** The backup a restore starts from, and the instant it replays to (PostgreSQL). */
export interface ChosenBackup {
  backup: Backup;
  to?: string;
}

/**
 * Restores a backup into a new cluster (a clone owned by the requesting team, its origin recorded),
 * as a provision whose primary is made from the backup. The backup (or point in time) is chosen
 * and checked here for in-place restores too (in-place-restore.ts).
 */
export class RestoreService {
  constructor(
    private readonly ctx: BackupsDeps,
    private readonly clusters: ClusterService,
  ) {}

  /** `drill`: the clone is a restore drill's scratch cluster, and its origin says which drill made it. */
  async restore(
    actor: Actor,
    ref: string,
    request: RestoreRequest & { name: string },
    drill?: { drillId: string },
  ): Promise<ClusterWithOperation> {
    const source = await findCluster(this.ctx.repos.clusters, ref);
    assertMayChange(actor, source.ownerTeamId, `cluster ${source.name} (restoring its backups)`);
    const { backup, to } = await this.choose(source, request);
    return this.clusters.createClone(
      actor,
      {
        name: request.name,
        engine: source.engine,
        owner: actor.team.name,
        expectedDataGb: source.expectedDataGb,
        regions: source.regions,
        environment: source.environment,
        version: source.spec.version,
        tags: source.tags,
      },
      {
        origin: { clusterId: source.id, clusterName: source.name, backupId: backup.id, ...(to ? { to } : {}), ...(drill ?? {}) },
        restore: { backupId: backup.id, sourceClusterId: source.id, label: backup.label!, ...(to ? { to } : {}) },
      },
    );
  }

  /** The backup (and instant) a restore of this cluster starts from; refuses (4xx) what cannot be restored. */
  async choose(source: ClusterRecord, request: Pick<RestoreRequest, 'backupId' | 'to'>): Promise<ChosenBackup> {
    const profile = this.ctx.engines.get(source.engine).backup;
    if (!profile.supported)
      throw new InputError(`${source.engine} cluster ${source.name} has ${profile.method}`, { engine: source.engine });
    const backups = await this.ctx.repos.backups.forCluster(source.id, 1000);
    const chosen = request.backupId ? this.named(backups, request.backupId, source.name) : null;
    let to: string | undefined;
    let backup: Backup;
    if (request.to !== undefined) {
      if (!profile.pointInTime)
        throw new InputError(
          `${source.engine} restores to a backup, not to a point in time: its backups are ${profile.kinds.join(', ')}s taken at one instant, with no continuously archived log to replay between them; leave out "to"`,
          { path: 'body/to', engine: source.engine },
        );
      const at = new Date(request.to);
      if (Number.isNaN(at.getTime())) throw new InputError(`"to" is not a time: ${request.to}`, { path: 'body/to' });
      const range = recoverableRange(backups, this.ctx.clock.now());
      if (!range) throw this.nothingToRestore(source.name);
      if (at < range.from || at > range.to) throw this.outsideRange(at, range, source.name);
      backup = chosen ?? this.newestServing(backups, at)!;
      if (!usable(backup) || backup.finishedAt! >= at) {
        throw new UnprocessableError(
          `backup ${backup.id} ended at ${backup.finishedAt?.toISOString() ?? '(never)'}, after ${at.toISOString()}; choose an earlier backup or leave out backupId`,
          { path: 'body/backupId' },
        );
      }
      to = at.toISOString();
    } else {
      const newest = backups.find(usable);
      if (!chosen && !newest) throw this.nothingToRestore(source.name);
      backup = chosen ?? newest!;
    }
    return { backup, ...(to ? { to } : {}) };
  }

  /** The backup asked for: one of this cluster's, and one that exists in the repository. */
  private named(backups: Backup[], id: string, clusterName: string): Backup {
    const backup = backups.find((b) => b.id === id);
    if (!backup) throw new NotFoundError('backup', id, `backup ${id} is not a backup of cluster ${clusterName}`, { path: 'body/backupId' });
    if (backup.status === 'failed')
      throw new UnprocessableError(`backup ${id} failed (${backup.error ?? 'no reason recorded'}); choose a succeeded backup`, {
        path: 'body/backupId',
        status: backup.status,
      });
    if (backup.status === 'expired')
      throw new UnprocessableError(`backup ${id} has expired: the retention policy removed it from the repository`, {
        path: 'body/backupId',
        status: backup.status,
      });
    if (backup.status === 'running')
      throw new UnprocessableError(`backup ${id} is still running; restore it once it has succeeded`, {
        path: 'body/backupId',
        status: backup.status,
      });
    return backup;
  }

  private newestServing(backups: Backup[], at: Date): Backup | undefined {
    return backups.find((b) => usable(b) && b.finishedAt! < at);
  }

  private nothingToRestore(clusterName: string): UnprocessableError {
    return new UnprocessableError(`cluster ${clusterName} has no succeeded backup to restore; back it up first`, { path: 'body/backupId' });
  }

  private outsideRange(at: Date, range: RecoverableRange, clusterName: string): UnprocessableError {
    const from = range.from.toISOString();
    const until = range.to.toISOString();
    return new UnprocessableError(
      `${at.toISOString()} is outside the recoverable range of cluster ${clusterName}: ${from} to ${until} (now)`,
      { path: 'body/to', recoverableFrom: from, recoverableTo: until },
    );
  }
}

const usable = (b: Backup): boolean => b.status === 'succeeded' && b.label !== null && b.finishedAt !== null;
