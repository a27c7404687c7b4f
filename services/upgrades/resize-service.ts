import type { UpgradesDeps } from './upgrades-deps';
import type { Operation } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import { schedulingParams } from '../operations/operation-params';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ProblemList } from '../core/request-problems';
import { missingCapability } from '../operations/required-capabilities';
import { rollingOrder } from '../operations/workflows/upgrade/rolling-change';
import { usableCapacityGb } from '../engines/sizing';
import { dataHeldGb, heldUntil, monthlyCost, type MonthlyCost } from './day2-terms';
import { conflictUnlessActive } from '../fleet/active-cluster';

export interface ResizeRequest {
  instanceType: string;
  urgent?: boolean;
  reason?: string;
}

/** What a resize would do, before it is asked for. */
export interface ResizePreview {
  instanceType: { before: string; after: string };
  /** The nodes in the order they move: replicas and members before the primary. */
  order: Array<{ name: string; role: string }>;
  /** Usable capacity per region within the engine's fill limit, and the data it must hold. */
  capacityGb: { before: number; after: number };
  dataGb: number;
  notBefore: string | null;
  monthlyCostUsd: MonthlyCost;
}

/**
 * Moves every node of a cluster to another instance type as a durable `resize` operation, rolling
 * one node at a time and reverted on failure: previewed (order, capacity, cost), refused with the
 * numbers when the new type would hold less than the data within the engine's fill limit, held
 * until the maintenance window unless urgent.
 */
export class ResizeService {
  constructor(
    private readonly ctx: UpgradesDeps,
    private readonly operations: OperationService,
  ) {}

  async preview(actor: Actor, cluster: ClusterRecord, request: ResizeRequest): Promise<ResizePreview> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    const refusal = missingCapability(this.ctx, cluster, 'resize', {});
    if (refusal) throw refusal;
    const profile = this.ctx.engines.get(cluster.engine).sizing;
    const instance = this.ctx.regions.instanceTypes.get(request.instanceType);
    const dataGb = await dataHeldGb(this.ctx, cluster);
    const capacityAfter = instance ? usableCapacityGb(profile, instance, cluster.spec.nodesPerRegion) : 0;
    const problems = new ProblemList();
    const path = 'body/instanceType';
    const minMemoryGb = profile.minMemoryGb(cluster.environment);
    if (!instance)
      problems.add({
        path,
        message: `"${request.instanceType}" is not a known instance type`,
        allowed: [...this.ctx.regions.instanceTypes.keys()],
      });
    else if (instance.name === cluster.spec.instanceType)
      problems.add({ path, message: `nothing changes: ${cluster.name} runs on ${instance.name} already` });
    else if (instance.memoryGb < minMemoryGb)
      problems.add({
        path,
        message: `${instance.name} has ${instance.memoryGb} GB of memory; ${cluster.engine} needs at least ${minMemoryGb} GB`,
        minMemoryGb,
      });
    else if (capacityAfter < dataGb)
      problems.add({
        path,
        message:
          `${instance.name} holds ${capacityAfter} GB per region within the ${Math.round(profile.fillLimit * 100)}% fill limit of its ` +
          `${profile.resource === 'memoryGb' ? 'memory' : 'disk'}, less than the ${dataGb} GB the cluster holds`,
        dataGb,
        capacityAfterGb: capacityAfter,
        fillLimit: profile.fillLimit,
      });
    conflictUnlessActive(problems, cluster, 'an ACTIVE cluster is resized');
    problems.throwIfAny();
    const nodes = await this.ctx.repos.nodes.forCluster(cluster.id);
    return {
      instanceType: { before: cluster.spec.instanceType, after: request.instanceType },
      order: rollingOrder(nodes).map((n) => ({ name: n.name, role: n.role })),
      capacityGb: { before: cluster.spec.usableCapacityGb, after: capacityAfter },
      dataGb,
      notBefore: heldUntil(this.ctx, cluster, request.urgent ?? false),
      monthlyCostUsd: monthlyCost(this.ctx, cluster, nodes.length, request.instanceType),
    };
  }

  async request(actor: Actor, cluster: ClusterRecord, request: ResizeRequest): Promise<{ preview: ResizePreview; operation: Operation }> {
    const preview = await this.preview(actor, cluster, request);
    const { before, after } = preview.instanceType;
    const reason = request.reason ?? `resize from ${before} to ${after}`;
    const operation = await this.operations.requestAudited({
      cluster,
      lockCluster: true,
      notBefore: preview.notBefore,
      request: {
        clusterId: cluster.id,
        type: 'resize',
        requestedBy: actorLabel(actor),
        reason,
        params: { instanceType: after, before, ...schedulingParams(request.urgent, preview.notBefore) },
      },
      audit: { action: 'cluster.resize', before: { instanceType: before }, after: preview },
    });
    return { preview, operation };
  }
}
