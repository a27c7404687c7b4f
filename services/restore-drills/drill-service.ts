import type { RestoreDrillsDeps } from './restore-drills-deps';
import { findCluster } from '../fleet/find-cluster';
import type { OperationService } from '../operations/operation-service';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { ClusterDrillState, RestoreDrill } from './restore-drill';
import type { Operation } from '../core/types';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ConflictError, NotFoundError, UnprocessableError } from '../core/errors';
import { newId } from '../core/ids';
import { drillableEngines, drillableRegions } from './drillable';

/** Who scheduled drills are requested by, in operations and the audit trail. */
export const DRILL_SCHEDULER = 'datafleet/restore-drill-schedule';

export interface DrillWithOperation {
  drill: RestoreDrill;
  operation: Operation;
}

export interface DrillSummary {
  atRiskDays: number;
  clusters: ClusterDrillState[];
}

/**
 * Restore drills of a cluster: each is a `restore_drill` operation (background priority) and its
 * row, recorded with an audit event in one transaction before it is queued; and the fleet-wide view.
 */
export class RestoreDrillService {
  constructor(
    private readonly ctx: RestoreDrillsDeps,
    private readonly operations: OperationService,
  ) {}

  async cluster(ref: string): Promise<ClusterRecord> {
    const cluster = await findCluster(this.ctx.repos.clusters, ref);
    return cluster;
  }

  async list(ref: string, limit?: number): Promise<RestoreDrill[]> {
    return this.ctx.repos.restoreDrills.forCluster((await this.cluster(ref)).id, limit);
  }

  async get(id: string): Promise<RestoreDrill> {
    const drill = await this.ctx.repos.restoreDrills.get(id);
    if (!drill) throw new NotFoundError('restore drill', id);
    return drill;
  }

  /** An on-demand drill (the owning team or the platform team). */
  async request(actor: Actor, ref: string): Promise<DrillWithOperation> {
    const cluster = await this.cluster(ref);
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name} (drilling its restore)`);
    return this.record(cluster, actorLabel(actor), false);
  }

  /** A drill the schedule starts (the drill scan), requested by the control plane itself. */
  async requestScheduled(clusterId: string): Promise<DrillWithOperation> {
    return this.record(await this.cluster(clusterId), DRILL_SCHEDULER, true);
  }

  private async record(cluster: ClusterRecord, who: string, scheduled: boolean): Promise<DrillWithOperation> {
    const engine = this.ctx.engines.get(cluster.engine);
    if (!engine.restoreCheck)
      throw new UnprocessableError(
        `${engine.displayName} cluster ${cluster.name} has no restore drill: Datafleet cannot check a restore of it`,
        {
          engine: cluster.engine,
        },
      );
    if (cluster.origin?.drillId)
      throw new ConflictError(`cluster ${cluster.name} is a restore drill's scratch cluster`, { drillId: cluster.origin.drillId });
    if (cluster.status !== 'ACTIVE')
      throw new ConflictError(`cluster ${cluster.name} is ${cluster.status}; only an ACTIVE cluster's restore is drilled`, {
        status: cluster.status,
      });
    const running = (await this.ctx.repos.restoreDrills.forCluster(cluster.id, 5)).find((d) => d.status === 'running');
    if (running) throw new ConflictError(`a restore drill of ${cluster.name} is running already (${running.id})`, { drillId: running.id });
    const backup = await this.ctx.repos.drillFleet.newestDrillableBackup(cluster.id);
    if (!backup)
      throw new UnprocessableError(
        `cluster ${cluster.name} has no succeeded backup with a recorded probe to check a restore against; back it up first`,
        { cluster: cluster.name },
      );
    const drillId = newId();
    const params = { drillId, backupId: backup.id };
    const reason = `${scheduled ? 'scheduled' : 'on-demand'} restore drill of ${cluster.name} (backup ${backup.id})`;
    const operation = await this.operations.requestAudited({
      cluster,
      request: { clusterId: cluster.id, type: 'restore_drill', requestedBy: who, reason, params },
      alongside: (db, operationId) =>
        this.ctx.repos.restoreDrills.insert(
          { id: drillId, clusterId: cluster.id, operationId, backupId: backup.id, scheduled, requestedBy: who },
          db,
        ),
      audit: (operationId) => ({ action: 'cluster.restore-drill', after: { operationId, ...params } }),
    });
    return { drill: await this.get(drillId), operation };
  }

  /** Every drillable cluster with its last drill and last verified restore; at risk without one in atRiskDays. */
  async summary(): Promise<DrillSummary> {
    const atRiskDays = this.ctx.config.restoreDrillAtRiskDays;
    const since = this.ctx.clock.now().getTime() - atRiskDays * 86_400_000;
    const rows = await this.ctx.repos.drillFleet.fleet(drillableRegions(this.ctx), drillableEngines(this.ctx));
    return {
      atRiskDays,
      clusters: rows.map((r) => ({ ...r, atRisk: !r.lastPassed?.finishedAt || r.lastPassed.finishedAt.getTime() < since })),
    };
  }
}
