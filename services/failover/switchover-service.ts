import type { FailoverDeps } from './failover-deps';
import type { ClusterNode, Operation } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import { changeHeldUntil } from '../fleet/maintenance-window';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ConflictError, InputError, UnprocessableError } from '../core/errors';
import { missingCapability } from '../operations/required-capabilities';
import { withTransaction } from '../infra/db/pool';
import { switchoverManagerView } from './switchover-manager';
import { assertActive } from '../fleet/active-cluster';

/** What a switchover would do: from which primary, to which replica (null: the HA manager picks), when. */
export interface SwitchoverPreview {
  from: string;
  to: string | null;
  manager: string;
  notBefore: string | null;
}

/**
 * A planned switchover as a `switchover` operation: the cluster's HA manager (a simulated cluster's:
 * the one its provider models) hands the primary role to a replica (Datafleet promotes nobody). Held until the maintenance window unless urgent. Refused
 * with the reason for a cluster without an HA manager, a single node, a named node that is not a
 * replica the manager sees healthy, and while the primary is down (a failover, not a switchover).
 */
export class SwitchoverService {
  constructor(
    private readonly ctx: FailoverDeps,
    private readonly operations: OperationService,
  ) {}

  async preview(actor: Actor, cluster: ClusterRecord, request: { toNode?: string; urgent?: boolean }): Promise<SwitchoverPreview> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    assertActive(cluster, 'an ACTIVE cluster is switched over');
    const nodes = await this.ctx.repos.nodes.forCluster(cluster.id);
    const primary = nodes.find((n) => n.role === 'primary');
    const manager = await switchoverManagerView(this.ctx, cluster, nodes, primary);
    const refusal = missingCapability(this.ctx, cluster, 'switchover', { fromNode: '' });
    if (refusal) throw refusal;
    if (nodes.length < 2)
      throw new UnprocessableError(`cluster ${cluster.name} has a single node: there is no replica to switch over to`, {
        nodes: nodes.length,
      });
    if (!primary) throw new ConflictError(`cluster ${cluster.name} has no recorded primary`, {});
    const candidates = nodes.filter((n) => n.role === 'replica' && n.state === 'running' && manager.promotable.has(n.id));
    let to: ClusterNode | null = null;
    if (request.toNode !== undefined) {
      to = nodes.find((n) => n.name === request.toNode) ?? null;
      if (!to) throw new InputError(`node ${request.toNode} is not a live node of ${cluster.name}`, { toNode: request.toNode });
      if (!candidates.includes(to))
        throw new UnprocessableError(
          manager.notSynchronous?.has(to.id) && to.role === 'replica'
            ? `node ${to.name} is not the synchronous standby: under synchronous replication ${manager.managerName} hands the primary only to a replica it knows holds every commit`
            : `node ${to.name} is not a healthy replica: it is the ${to.role}, ${to.state}, and ${manager.managerName} ${manager.promotable.has(to.id) ? 'sees it up' : 'sees it down, cut off or not at all'}`,
          {
            toNode: to.name,
            role: to.role,
            state: to.state,
            healthyReplicas: candidates.map((n) => n.name),
          },
        );
    } else if (candidates.length === 0) {
      throw new UnprocessableError(`cluster ${cluster.name} has no healthy replica to switch over to`, { healthyReplicas: [] });
    }
    return {
      from: primary.name,
      to: to?.name ?? null,
      manager: manager.managerName,
      notBefore: changeHeldUntil(cluster.maintenanceWindow, this.ctx.clock.now(), request.urgent ?? false)?.toISOString() ?? null,
    };
  }

  async request(
    actor: Actor,
    cluster: ClusterRecord,
    request: { toNode?: string; urgent?: boolean },
  ): Promise<{ preview: SwitchoverPreview; operation: Operation }> {
    const preview = await this.preview(actor, cluster, request);
    const who = actorLabel(actor);
    const op = await withTransaction(this.ctx.pool, async (db) => {
      await this.ctx.repos.clusters.lock(cluster.id, db);
      const recorded = await this.operations.record(db, {
        clusterId: cluster.id,
        type: 'switchover',
        requestedBy: who,
        reason: `switchover from ${preview.from} to ${preview.to ?? `the replica ${preview.manager} picks`}`,
        params: {
          fromNode: preview.from,
          ...(preview.to ? { toNode: preview.to } : {}),
          ...(request.urgent ? { urgent: true } : {}),
          ...(preview.notBefore ? { notBefore: preview.notBefore } : {}),
        },
      });
      await this.ctx.repos.audit.record(
        {
          actor: who,
          action: 'cluster.switchover',
          targetType: 'cluster',
          targetId: cluster.id,
          reason: 'planned switchover',
          after: preview,
        },
        db,
      );
      return recorded;
    });
    await this.operations.dispatch(op.id, op.priority, preview.notBefore ? Date.parse(preview.notBefore) - Date.now() : 0);
    return { preview, operation: await this.operations.get(op.id) };
  }
}
