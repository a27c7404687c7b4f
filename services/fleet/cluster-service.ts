import { createHash } from 'node:crypto';
import { findCluster } from './find-cluster';
import type { FleetDeps } from './fleet-deps';
import type { Cluster, ClusterOrigin, Operation } from '../core/types';
import type { OperationParams } from '../operations/operation-params';
import type { CreateClusterRequest, UpdateClusterRequest } from './cluster-requests';
import type { ClusterRecord } from './sql/clusters';
import type { OperationService } from '../operations/operation-service';
import { checkCreateRequest, nameTakenProblem, type DraftClusterRequest } from './cluster-request-check';
import { monthlyCostUsd } from '../core/regions';
import { defaultSla } from './defaults';
import { validateWindow } from './maintenance-window';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ConflictError, ForbiddenError } from '../core/errors';
import { TransferRepository } from './sql/transfers';
import { newId, newSecret } from '../core/ids';
import { withTransaction, type PoolClient } from '../infra/db/pool';
import { idempotently } from './idempotency-gate';
import { ProblemList } from '../core/request-problems';

export interface ClusterPreview {
  engine: string;
  owner: string;
  regions: string[];
  environment: string;
  version: string;
  nodesPerRegion: number;
  nodeCount: number;
  instanceType: string;
  replicationFactor: number;
  usableCapacityGb: number;
  monthlyCostUsd: number;
  simulated: boolean;
}

export interface ClusterWithOperation {
  cluster: ClusterRecord;
  operation: Operation;
}

/**
 * A cluster made from a backup: its origin and what its provision restores. It gets a credential of
 * its own, which its provision sets on the restored data (logging in with the backup's once).
 */
export interface CloneOf {
  origin: ClusterOrigin;
  restore: NonNullable<OperationParams['provision']['restore']>;
}

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';

export class ClusterService {
  constructor(
    private readonly ctx: FleetDeps,
    private readonly operations: OperationService,
  ) {}

  async get(ref: string): Promise<ClusterRecord> {
    const cluster = await findCluster(this.ctx.repos.clusters, ref);
    return cluster;
  }

  /**
   * Records the cluster and its provision operation in one transaction, then queues the operation.
   * With an idempotency key, concurrent and later retries get the first answer; the same key with
   * another body is refused.
   */
  async create(actor: Actor, request: CreateClusterRequest, idempotencyKey?: string): Promise<ClusterWithOperation> {
    if (!idempotencyKey) return this.createOnce(actor, request, null);
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    return idempotently(this.ctx.repos.idempotency, actorLabel(actor), idempotencyKey, requestHash, {
      run: (complete) => this.createOnce(actor, request, complete),
      replay: (response) => this.replay(response),
    });
  }

  /**
   * A clone: an ordinary cluster (same checks, owner, audit) whose provision makes its primary from
   * a backup and then sets the clone's own credential on it.
   */
  async createClone(actor: Actor, request: CreateClusterRequest, clone: CloneOf): Promise<ClusterWithOperation> {
    return this.createOnce(actor, request, null, clone);
  }

  /**
   * What a create request would make, changing nothing: the same checks and plan as the create, with
   * the node count and the monthly price of those nodes (the price the inventory shows once they run).
   */
  async preview(actor: Actor, request: DraftClusterRequest): Promise<ClusterPreview> {
    const { owner, plan } = await checkCreateRequest(this.ctx, actor, request);
    const nodeCount = plan.spec.nodesPerRegion * request.regions.length;
    const instance = this.ctx.regions.instanceTypes.get(plan.spec.instanceType);
    return {
      engine: request.engine,
      owner: owner.name,
      regions: request.regions,
      environment: request.environment ?? 'test',
      version: plan.spec.version,
      nodesPerRegion: plan.spec.nodesPerRegion,
      nodeCount,
      instanceType: plan.spec.instanceType,
      replicationFactor: plan.spec.replicationFactor,
      usableCapacityGb: plan.spec.usableCapacityGb,
      monthlyCostUsd: monthlyCostUsd(instance, nodeCount),
      simulated: plan.simulated,
    };
  }

  private async createOnce(
    actor: Actor,
    request: CreateClusterRequest,
    complete: ((db: PoolClient, response: unknown) => Promise<void>) | null,
    clone?: CloneOf,
  ): Promise<ClusterWithOperation> {
    const who = actorLabel(actor);
    const { owner, plan } = await checkCreateRequest(this.ctx, actor, request);
    const environment = request.environment ?? 'test';
    const now = this.ctx.clock.now();
    const cluster: Cluster = {
      id: newId(),
      name: request.name,
      engine: request.engine,
      environment,
      regions: request.regions,
      ownerTeamId: owner.id,
      ownerTeamName: owner.name,
      contacts: request.contacts ?? [owner.email],
      expectedDataGb: request.expectedDataGb,
      spec: plan.spec,
      status: 'PROVISIONING',
      statusReason: null,
      sla: request.sla ?? defaultSla(environment),
      maintenanceWindow: request.maintenanceWindow ?? null,
      tags: request.tags ?? {},
      simulated: plan.simulated,
      origin: clone?.origin ?? null,
      createdAt: now,
      updatedAt: now,
    };
    let queued: { id: string; priority: number };
    try {
      queued = await withTransaction(this.ctx.pool, async (db) => {
        await this.ctx.repos.clusters.insert(cluster, newSecret(18), db);
        const op = await this.operations.record(
          db,
          {
            clusterId: cluster.id,
            type: 'provision',
            requestedBy: who,
            reason: clone
              ? `restore ${clone.origin.clusterName} into new cluster ${request.name}${clone.origin.to ? ` as of ${clone.origin.to}` : ''}`
              : `create ${request.engine} cluster ${request.name}`,
            ...(clone ? { params: { restore: clone.restore } } : {}),
          },
          cluster,
        );
        await this.ctx.repos.audit.record(
          {
            actor: who,
            action: clone ? 'cluster.restore' : 'cluster.create',
            targetType: 'cluster',
            targetId: cluster.id,
            reason: null,
            after: { ...request, spec: plan.spec, ...(clone ? { origin: clone.origin } : {}) },
          },
          db,
        );
        if (complete) await complete(db, { clusterId: cluster.id, operationId: op.id });
        return op;
      });
    } catch (error) {
      // Another create took the name between the check and the insert.
      if (isUniqueViolation(error))
        throw new ConflictError(`a cluster named ${request.name} already exists`, [nameTakenProblem(request.name)]);
      throw error;
    }
    await this.operations.dispatch(queued.id, queued.priority);
    const result = { cluster: await this.get(cluster.id), operation: await this.operations.get(queued.id) };
    await this.ctx.events.publish({ type: 'cluster', data: result.cluster });
    return result;
  }

  private async replay(response: unknown): Promise<ClusterWithOperation> {
    const { clusterId, operationId } = response as { clusterId: string; operationId: string };
    return { cluster: await this.get(clusterId), operation: await this.operations.get(operationId) };
  }

  async update(actor: Actor, ref: string, request: UpdateClusterRequest): Promise<ClusterRecord> {
    const before = await this.get(ref);
    assertMayChange(actor, before.ownerTeamId, `cluster ${before.name}`);
    const problems = new ProblemList();
    if (before.status === 'DECOMMISSIONED') problems.conflict({ path: 'cluster', message: `cluster ${before.name} is decommissioned` });
    const window = request.maintenanceWindow;
    if (window) await problems.check('body/maintenanceWindow/timeZone', () => validateWindow(window));
    const owner = request.owner === undefined ? null : await this.ctx.repos.teams.find(request.owner);
    if (request.owner !== undefined && !owner)
      problems.add({ path: 'body/owner', message: `unknown owner "${request.owner}": give a team name or a team's email` });
    // Handing a cluster to another team needs that team's consent, unless the platform team reassigns it.
    if (owner && owner.id !== before.ownerTeamId && !actor.team.isPlatform) {
      throw new ForbiddenError(
        `only the platform team may reassign cluster ${before.name} directly: offer it with POST /api/clusters/${before.name}/transfer {"to": "${owner.name}"} and team ${owner.name} accepts it`,
        { field: 'owner', offer: `/api/clusters/${before.name}/transfer` },
      );
    }
    problems.throwIfAny();
    const ownerTeamId = owner && owner.id !== before.ownerTeamId ? owner.id : undefined;
    const { owner: _owner, ...rest } = request;
    await withTransaction(this.ctx.pool, async (db) => {
      await this.ctx.repos.clusters.updateSettings(before.id, { ...rest, ...(ownerTeamId ? { ownerTeamId } : {}) }, db);
      // A direct reassignment voids any pending offer.
      if (ownerTeamId) await new TransferRepository(this.ctx.pool).close(before.id, 'cancelled', actorLabel(actor), db);
      await this.ctx.repos.audit.record(
        {
          actor: actorLabel(actor),
          action: ownerTeamId ? 'cluster.owner.reassign' : 'cluster.update',
          targetType: 'cluster',
          targetId: before.id,
          reason: null,
          before: {
            owner: before.ownerTeamName,
            sla: before.sla,
            maintenanceWindow: before.maintenanceWindow,
            contacts: before.contacts,
            tags: before.tags,
          },
          after: request,
        },
        db,
      );
    });
    const after = await this.get(before.id);
    await this.ctx.events.publish({ type: 'cluster', data: after });
    return after;
  }

  async decommission(actor: Actor, ref: string, reason: string): Promise<ClusterWithOperation> {
    const cluster = await this.get(ref);
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    if (cluster.status === 'DECOMMISSIONED') throw new ConflictError(`cluster ${cluster.name} is already decommissioned`);
    const open = await this.ctx.repos.operations.list({ clusterId: cluster.id, type: 'decommission', limit: 5 });
    const pending = open.find((o) => o.status === 'pending' || o.status === 'running');
    if (pending) return { cluster, operation: pending };
    const who = actorLabel(actor);
    // Concurrent requests all pass the check above; the row lock lets one record the operation and
    // the others find it (one decommission, not one per retry).
    const queued = await withTransaction(this.ctx.pool, async (db) => {
      const locked = await this.ctx.repos.clusters.lock(cluster.id, db);
      if (locked?.status === 'DECOMMISSIONED') throw new ConflictError(`cluster ${cluster.name} is already decommissioned`);
      const [already] = await this.ctx.repos.operations.openOfType(cluster.id, 'decommission', db);
      if (already) return { existing: already.id };
      const op = await this.operations.record(
        db,
        {
          clusterId: cluster.id,
          type: 'decommission',
          requestedBy: who,
          reason,
          params: { previousStatus: cluster.status },
        },
        cluster,
      );
      await this.ctx.repos.audit.record(
        { actor: who, action: 'cluster.decommission', targetType: 'cluster', targetId: cluster.id, reason },
        db,
      );
      return op;
    });
    if ('existing' in queued) return { cluster: await this.get(cluster.id), operation: await this.operations.get(queued.existing) };
    await this.operations.dispatch(queued.id, queued.priority);
    return { cluster: await this.get(cluster.id), operation: await this.operations.get(queued.id) };
  }
}
