import type { StorageDeps } from './storage-deps';
import type { Operation } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import { schedulingParams } from '../operations/operation-params';
import { changeHeldUntil } from '../fleet/maintenance-window';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ProblemList } from '../core/request-problems';
import { UnprocessableError } from '../core/errors';
import { missingCapability } from '../operations/required-capabilities';
import { currentDiskGb, MAX_DISK_GB, STORAGE_USD_PER_GB_MONTH, usableAfter } from './storage-rules';
import { conflictUnlessActive } from '../fleet/active-cluster';

export interface GrowStorageRequest {
  /** Each node's disk after the grow, GB. */
  diskGb: number;
  /** Grow now rather than in the cluster's next maintenance window. */
  urgent?: boolean;
  reason?: string;
}

/** What growing the disks would do, before it is asked for. */
export interface GrowStoragePreview {
  nodes: number;
  diskGb: { from: number; to: number };
  usableCapacityGb: { from: number; to: number };
  /** When it would start: the next maintenance window, or null for now. */
  notBefore: string | null;
  monthlyCostUsd: { before: number; after: number; difference: number };
  /** What a grown disk is where the nodes run. */
  note: string;
}

/** Who the storage policy's grows are recorded as requested by. */
export const STORAGE_POLICY_ACTOR = 'datafleet/storage-policy';

/**
 * Grows every node's disk as a durable `grow_storage` operation: refused when the disk would not
 * grow, the engine's capacity is not its disk, or the provider cannot grow disks; held until the
 * maintenance window unless urgent. The storage policy's scan asks the same, as itself.
 */
export class GrowStorageService {
  constructor(
    private readonly ctx: StorageDeps,
    private readonly operations: OperationService,
  ) {}

  async preview(actor: Actor, cluster: ClusterRecord, request: GrowStorageRequest): Promise<GrowStoragePreview> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    return this.plan(cluster, request);
  }

  async request(
    actor: Actor,
    cluster: ClusterRecord,
    request: GrowStorageRequest,
  ): Promise<{ preview: GrowStoragePreview; operation: Operation }> {
    const preview = await this.preview(actor, cluster, request);
    return this.record(cluster, request, preview, actorLabel(actor), false);
  }

  /** The storage policy's grow, ahead of the forecast's exhaustion date; urgent when the window would open too late. */
  async requestAutomatic(cluster: ClusterRecord, diskGb: number, why: string, urgent: boolean): Promise<Operation> {
    const request = { diskGb, urgent, reason: why };
    const preview = await this.plan(cluster, request);
    return (await this.record(cluster, request, preview, STORAGE_POLICY_ACTOR, true)).operation;
  }

  private async plan(cluster: ClusterRecord, request: GrowStorageRequest): Promise<GrowStoragePreview> {
    const refusal = missingCapability(this.ctx, cluster, 'grow_storage', {});
    if (refusal) throw refusal;
    const sizing = this.ctx.engines.get(cluster.engine).sizing;
    if (sizing.resource !== 'diskGb')
      throw new UnprocessableError(
        `${cluster.engine} holds its data in memory: a larger disk adds no capacity to ${cluster.name}; move it to a larger instance type instead`,
        { engine: cluster.engine, resource: sizing.resource },
      );
    const from = currentDiskGb(cluster, this.ctx.regions.instanceTypes);
    if (from === null)
      throw new UnprocessableError(`instance type ${cluster.spec.instanceType} is not configured: its disk size is unknown`, {
        instanceType: cluster.spec.instanceType,
      });
    const problems = new ProblemList();
    if (!Number.isInteger(request.diskGb) || request.diskGb <= from)
      problems.add({
        path: 'body/diskGb',
        message: `a disk only grows: ask for more than the ${from} GB each node has now`,
        minimum: from + 1,
      });
    else if (request.diskGb > MAX_DISK_GB)
      problems.add({ path: 'body/diskGb', message: `a node's disk may be at most ${MAX_DISK_GB} GB`, maximum: MAX_DISK_GB });
    conflictUnlessActive(problems, cluster, "an ACTIVE cluster's storage is grown");
    problems.throwIfAny();
    const nodes = (await this.ctx.repos.nodes.forCluster(cluster.id)).length;
    const priced = cluster.regions.every((r) => this.ctx.providers.forRegion(r).capabilities.has('pricesNodes'));
    const extra = priced ? Math.round(nodes * (request.diskGb - from) * STORAGE_USD_PER_GB_MONTH * 100) / 100 : 0;
    const real = cluster.regions.some((r) => this.ctx.providers.forRegion(r).capabilities.has('runsRealServers'));
    return {
      nodes,
      diskGb: { from, to: request.diskGb },
      usableCapacityGb: { from: cluster.spec.usableCapacityGb, to: usableAfter(cluster.spec.usableCapacityGb, from, request.diskGb) },
      notBefore: changeHeldUntil(cluster.maintenanceWindow, this.ctx.clock.now(), request.urgent ?? false)?.toISOString() ?? null,
      monthlyCostUsd: { before: cluster.monthlyCostUsd, after: cluster.monthlyCostUsd + extra, difference: extra },
      note: real
        ? "local nodes share this machine's filesystem: the new size is recorded as each node's quota and planned against; nothing is resized"
        : 'each volume grows online, one node at a time, without a restart',
    };
  }

  private async record(
    cluster: ClusterRecord,
    request: GrowStorageRequest,
    preview: GrowStoragePreview,
    who: string,
    automatic: boolean,
  ): Promise<{ preview: GrowStoragePreview; operation: Operation }> {
    const why =
      request.reason ??
      `grow storage: ${preview.diskGb.from} → ${preview.diskGb.to} GB per node (usable ${preview.usableCapacityGb.from} → ${preview.usableCapacityGb.to} GB)`;
    const operation = await this.operations.requestAudited({
      cluster,
      lockCluster: true,
      notBefore: preview.notBefore,
      request: {
        clusterId: cluster.id,
        type: 'grow_storage',
        requestedBy: who,
        reason: why,
        params: {
          diskGb: preview.diskGb.to,
          fromDiskGb: preview.diskGb.from,
          usableCapacityGb: preview.usableCapacityGb.to,
          ...(automatic ? { automatic: true } : {}),
          ...schedulingParams(request.urgent, preview.notBefore),
        },
      },
      audit: {
        action: automatic ? 'cluster.grow_storage.automatic' : 'cluster.grow_storage',
        before: { diskGb: preview.diskGb.from, usableCapacityGb: preview.usableCapacityGb.from },
        after: { diskGb: preview.diskGb.to, usableCapacityGb: preview.usableCapacityGb.to, automatic },
      },
    });
    return { preview, operation };
  }
}
