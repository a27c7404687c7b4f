import type { UpgradesDeps } from './upgrades-deps';
import type { Operation } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import { schedulingParams } from '../operations/operation-params';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ProblemList } from '../core/request-problems';
import { missingCapability } from '../operations/required-capabilities';
import { nodesToRemove } from '../operations/workflows/scale/plan';
import { usableCapacityGb } from '../engines/sizing';
import { dataHeldGb, heldUntil, monthlyCost, type MonthlyCost } from './day2-terms';
import { conflictUnlessActive } from '../fleet/active-cluster';

export interface ScaleRequest {
  /** Nodes in all regions together (an even number per region). */
  nodes: number;
  urgent?: boolean;
  reason?: string;
}

/** What a scale would do, before it is asked for. */
export interface ScalePreview {
  direction: 'out' | 'in';
  nodes: { before: number; after: number };
  nodesPerRegion: { before: number; after: number };
  /** The nodes that would leave (a scale-in), their data moved first. */
  leaving: Array<{ name: string; region: string; zone: string }>;
  /** Usable capacity per region, and the data it must hold. */
  capacityGb: { before: number; after: number };
  dataGb: number;
  notBefore: string | null;
  monthlyCostUsd: MonthlyCost;
}

/**
 * Scale out or in to a node count, as a durable `scale` operation: previewed (counts, the nodes
 * that leave, capacity and cost), refused with the numbers when a scale-in would put the data over
 * the engine's fill limit or the nodes under the replication factor or the engine's minimum, held
 * until the maintenance window unless urgent.
 */
export class ScaleService {
  constructor(
    private readonly ctx: UpgradesDeps,
    private readonly operations: OperationService,
  ) {}

  async preview(actor: Actor, cluster: ClusterRecord, request: ScaleRequest): Promise<ScalePreview> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    const regions = cluster.regions.length;
    const before = cluster.spec.nodesPerRegion;
    const after = Math.floor(request.nodes / regions);
    const refusal = missingCapability(this.ctx, cluster, 'scale', { nodesPerRegion: after, fromNodesPerRegion: before });
    if (refusal) throw refusal;
    const profile = this.ctx.engines.get(cluster.engine).sizing;
    const instance = this.ctx.regions.instanceTypes.get(cluster.spec.instanceType);
    const dataGb = await dataHeldGb(this.ctx, cluster);
    const capacityAfter = instance ? usableCapacityGb(profile, instance, after) : cluster.spec.usableCapacityGb;
    const minimum = Math.max(
      profile.minNodesPerRegion(cluster.environment, cluster.expectedDataGb),
      profile.placement === 'partitioned' ? cluster.spec.replicationFactor : 1,
    );
    const problems = new ProblemList();
    const path = 'body/nodes';
    if (request.nodes % regions !== 0)
      problems.add({ path, message: `${request.nodes} nodes do not split evenly over ${regions} regions`, regions });
    else if (after === before) problems.add({ path, message: `nothing changes: ${cluster.name} has ${before * regions} nodes already` });
    else if (after < minimum)
      problems.add({
        path,
        message:
          `${after} node(s) per region is below the ${minimum} a ${cluster.environment} ${cluster.engine} cluster keeps ` +
          `(replication factor ${cluster.spec.replicationFactor}, engine minimum ${profile.minNodesPerRegion(cluster.environment, cluster.expectedDataGb)})`,
        nodesPerRegion: after,
        minimumNodesPerRegion: minimum,
        replicationFactor: cluster.spec.replicationFactor,
      });
    else if (after % profile.nodeStep !== 0)
      problems.add({
        path,
        message: `${cluster.engine} nodes come in steps of ${profile.nodeStep} per region (one per zone)`,
        nodeStep: profile.nodeStep,
      });
    else if (after > profile.maxNodesPerRegion)
      problems.add({
        path,
        message: `a region may have at most ${profile.maxNodesPerRegion} ${cluster.engine} nodes`,
        maximum: profile.maxNodesPerRegion,
      });
    else if (after < before && capacityAfter < dataGb)
      problems.add({
        path,
        message:
          `${after} node(s) per region hold ${capacityAfter} GB within the ${Math.round(profile.fillLimit * 100)}% fill limit, ` +
          `less than the ${dataGb} GB the cluster holds`,
        dataGb,
        capacityAfterGb: capacityAfter,
        fillLimit: profile.fillLimit,
      });
    conflictUnlessActive(problems, cluster, 'an ACTIVE cluster is scaled');
    problems.throwIfAny();
    const nodes = await this.ctx.repos.nodes.forCluster(cluster.id);
    const leaving =
      after < before
        ? cluster.regions.flatMap((region) =>
            nodesToRemove(
              nodes.filter((n) => n.region === region),
              before - after,
            ).map((n) => ({ name: n.name, region, zone: n.zone })),
          )
        : [];
    return {
      direction: after > before ? 'out' : 'in',
      nodes: { before: before * regions, after: after * regions },
      nodesPerRegion: { before, after },
      leaving,
      capacityGb: {
        before: cluster.spec.usableCapacityGb,
        after: profile.placement === 'partitioned' ? capacityAfter : cluster.spec.usableCapacityGb,
      },
      dataGb,
      notBefore: heldUntil(this.ctx, cluster, request.urgent ?? false),
      monthlyCostUsd: monthlyCost(this.ctx, cluster, after * regions, cluster.spec.instanceType),
    };
  }

  async request(actor: Actor, cluster: ClusterRecord, request: ScaleRequest): Promise<{ preview: ScalePreview; operation: Operation }> {
    const preview = await this.preview(actor, cluster, request);
    const { before, after } = preview.nodesPerRegion;
    const reason = request.reason ?? `scale ${preview.direction} from ${preview.nodes.before} to ${preview.nodes.after} nodes`;
    const operation = await this.operations.requestAudited({
      cluster,
      lockCluster: true,
      notBefore: preview.notBefore,
      request: {
        clusterId: cluster.id,
        type: 'scale',
        requestedBy: actorLabel(actor),
        reason,
        params: { nodesPerRegion: after, fromNodesPerRegion: before, ...schedulingParams(request.urgent, preview.notBefore) },
      },
      audit: { action: 'cluster.scale', before: { nodes: preview.nodes.before }, after: preview },
    });
    return { preview, operation };
  }
}
