import type { MaintenanceDeps } from './maintenance-deps';
import type { PoolClient } from '../infra/db/pool';
import type { ClusterRecord } from '../fleet/cluster-record';
import { withTransaction } from '../infra/db/pool';
import type { OperationService } from '../operations/operation-service';
import { newId } from '../core/ids';
import { ReplacementRows, type Replacement, type ReplacementReason } from './sql/replacement-rows';
import { copyEstimateMs, planReplacementTiming, type ReplacementTiming } from './replacement-timing';
import { MaintenanceNotifier } from './maintenance-notifier';
import { scheduledText } from './notice-text';
import { moveOperationEarlier } from './sql/operation-timing';
import { observerOf } from '../providers/capabilities';

export const MAINTENANCE_ACTOR = 'datafleet-maintenance';

export interface ReplacementRequest {
  cluster: ClusterRecord;
  node: { nodeId: string; nodeName: string };
  reason: ReplacementReason;
  deadline: Date | null;
  /** Why, in the owner's words: the provider's notice, or the node's age. */
  detail: string;
}

export interface ScheduledReplacement {
  kind: 'scheduled' | 'rescheduled';
  replacement: Replacement;
  operationId: string;
  timing: ReplacementTiming;
}

/**
 * Plans one node's replacement as a replace_node operation held until the cluster's maintenance
 * window (params.notBefore), ahead of the provider's deadline. The plan row, the operation and
 * their audit events are written in one transaction; the node's unique plan row makes a second
 * scan, or two at once, plan nothing more. A retirement notice whose deadline the planned time
 * would miss moves a replacement that has not started yet earlier.
 */
export class ReplacementScheduler {
  private readonly rows: ReplacementRows;
  private readonly notifier: MaintenanceNotifier;

  constructor(
    private readonly ctx: MaintenanceDeps,
    private readonly operations: OperationService,
  ) {
    this.rows = new ReplacementRows(ctx.pool);
    this.notifier = new MaintenanceNotifier(ctx);
  }

  /** The pace of the cluster's provider's clock: its observer's time scale, else real time. */
  private timeScaleOf(cluster: ClusterRecord): number {
    const region = cluster.regions[0];
    return (region ? observerOf(this.ctx.providers.forRegion(region))?.timeScale : undefined) ?? 1;
  }

  /** What this call scheduled or moved, or null when the node's replacement was planned already. */
  async schedule(request: ReplacementRequest): Promise<ScheduledReplacement | null> {
    const { cluster } = request;
    const timing = planReplacementTiming({
      window: cluster.maintenanceWindow,
      now: this.ctx.clock.now(),
      deadline: request.deadline,
      copyMs: copyEstimateMs(cluster, this.timeScaleOf(cluster)),
    });
    const planned = await withTransaction(this.ctx.pool, async (db) => {
      const fresh = {
        id: newId(),
        ...request.node,
        clusterId: cluster.id,
        reason: request.reason,
        deadline: request.deadline,
        scheduledFor: timing.scheduledFor,
        asap: timing.asap,
        detail: request.detail,
      };
      if (!(await this.rows.claim(db, fresh))) return this.moveEarlier(db, request, timing);
      const op = await this.operations.record(db, {
        clusterId: cluster.id,
        type: 'replace_node',
        requestedBy: MAINTENANCE_ACTOR,
        reason: `proactive maintenance (${request.reason}): ${request.detail}`,
        params: {
          node: request.node.nodeName,
          maintenance: request.reason,
          ...(request.deadline ? { deadline: request.deadline.toISOString() } : {}),
          ...(timing.notBefore ? { notBefore: timing.notBefore.toISOString() } : {}),
        },
      });
      await this.rows.attachOperation(db, fresh.id, op.id);
      await this.audit(db, 'scheduled', cluster.id, { ...fresh, operationId: op.id }, timing);
      const replacement: Replacement = { ...fresh, clusterName: cluster.name, operationId: op.id, status: 'pending' };
      return { kind: 'scheduled' as const, replacement, operationId: op.id, timing, priority: op.priority };
    });
    if (!planned) return null;
    if (planned.kind === 'scheduled') {
      await this.operations.dispatch(
        planned.operationId,
        planned.priority,
        timing.notBefore ? Math.max(0, timing.notBefore.getTime() - Date.now()) : 0,
      );
    } else {
      // The job sleeps until the old time; woken now, the runner reads the new one and sleeps until then.
      await this.ctx.queue.promote(planned.operationId).catch(() => undefined);
    }
    const { priority: _priority, ...result } = planned;
    await this.notifier.send(
      result.replacement,
      cluster,
      result.kind,
      scheduledText(result.replacement, timing.why, result.operationId, result.kind === 'rescheduled'),
    );
    return result;
  }

  /** Only a retirement can make a planned replacement more urgent, and only while it has not started. */
  private async moveEarlier(db: PoolClient, request: ReplacementRequest, timing: ReplacementTiming) {
    const existing = await this.rows.lockForNode(db, request.node.nodeId);
    if (!existing?.operationId || existing.status !== 'pending' || request.reason !== 'retirement') return null;
    if (timing.scheduledFor.getTime() >= existing.scheduledFor.getTime() - 60_000) return null;
    if (!(await moveOperationEarlier(db, existing.operationId, timing.notBefore))) return null;
    const moved = {
      reason: request.reason,
      deadline: request.deadline,
      scheduledFor: timing.scheduledFor,
      asap: timing.asap,
      detail: request.detail,
    };
    await this.rows.update(db, existing.id, moved);
    await this.audit(db, 'rescheduled', existing.clusterId, { ...existing, ...moved }, timing, existing.scheduledFor);
    return { kind: 'rescheduled' as const, replacement: { ...existing, ...moved }, operationId: existing.operationId, timing, priority: 0 };
  }

  private async audit(
    db: PoolClient,
    what: 'scheduled' | 'rescheduled',
    clusterId: string,
    r: Omit<Replacement, 'clusterName' | 'status'>,
    timing: ReplacementTiming,
    before?: Date,
  ) {
    await this.ctx.repos.audit.record(
      {
        actor: MAINTENANCE_ACTOR,
        action: `maintenance.replacement.${what}`,
        targetType: 'cluster',
        targetId: clusterId,
        reason: `${r.detail}; ${timing.why}`,
        ...(before ? { before: { scheduledFor: before.toISOString() } } : {}),
        after: {
          node: r.nodeName,
          reason: r.reason,
          scheduledFor: r.scheduledFor.toISOString(),
          deadline: r.deadline?.toISOString() ?? null,
          asap: r.asap,
          operationId: r.operationId,
        },
      },
      db,
    );
  }
}
