import { operationNotice } from './operation-notice';
import type { PoolClient } from '../infra/db/pool';
import type { OperationsDeps } from './workflow-deps';
import type { Operation, OperationType } from '../core/types';
import { WorkflowSteps, cancellableWhileRunning } from './workflow-steps';
import { priorityFor } from '../infra/queues/priorities';
import { newId } from '../core/ids';
import { ConflictError, InputError, NotFoundError } from '../core/errors';
import { describeProblems, paramProblems, type OperationParams } from './operation-params';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { withTransaction } from '../infra/db/pool';
import { missingCapability } from './required-capabilities';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { NewOperation } from './sql/operations';

interface RequestOf<T extends OperationType> {
  clusterId: string;
  type: T;
  requestedBy: string;
  reason: string;
  /** Checked against the schema of the type (operation-params.ts) before the row is written. */
  params?: OperationParams[T];
  /** Overrides the type's priority, e.g. a replacement a playbook starts runs as a remediation. */
  priority?: number;
}

export type OperationRequest = { [T in OperationType]: RequestOf<T> }[OperationType];

/** The audit event of a requested operation: its action, and what changes (the reason is the operation's unless given). */
export interface RequestAudit {
  action: string;
  reason?: string;
  before?: unknown;
  after?: unknown;
}

/** A request that a person or a schedule made on a cluster, recorded with its audit event (see requestAudited). */
export interface AuditedRequest {
  cluster: Pick<ClusterRecord, 'id' | 'name' | 'regions' | 'engine'>;
  request: OperationRequest;
  /** The audit event; a function when it names the operation it records. */
  audit: RequestAudit | ((operationId: string) => RequestAudit);
  /** Takes the cluster's row lock first, so a change waits for one being requested at the same moment. */
  lockCluster?: boolean;
  /** What the feature writes in the same transaction (its backup or drill row, which names the operation). */
  alongside?: (db: PoolClient, operationId: string) => Promise<void>;
  /** When it may start (its maintenance window); it is queued delayed until then. */
  notBefore?: string | null;
}

/** How many clusters' names and regions a process keeps for the capability check of a request. */
const PLACEMENTS_KEPT = 10_000;

/** How long dispatch waits for Redis to take a job before answering its caller anyway. */
export const DISPATCH_WAIT_MS = 1000;

/**
 * Operations are the one way a cluster changes. The row is written (inside the caller's
 * transaction) before anything is queued, so losing Redis loses no operation: the reconciler
 * re-enqueues whatever PostgreSQL holds as pending.
 */
export class OperationService {
  private readonly placements = new Map<string, Pick<ClusterRecord, 'name' | 'regions' | 'engine'>>();

  constructor(private readonly ctx: OperationsDeps) {}

  /**
   * Records an operation inside the caller's transaction, with whatever else the caller writes there.
   * A caller that holds the cluster's record passes it (what the capability check reads never changes).
   */
  async record(
    db: PoolClient,
    request: OperationRequest,
    known?: Pick<ClusterRecord, 'name' | 'regions' | 'engine'>,
  ): Promise<{ id: string; priority: number }> {
    const cluster = known ?? (await this.ctx.repos.clusters.find(request.clusterId, db));
    const row = this.newOperation(request, cluster);
    await this.ctx.repos.operations.insert(row, db);
    return { id: row.id, priority: row.priority };
  }

  /**
   * Records an operation on its own and queues it: one statement (the operation, its steps and its
   * audit event), shared with the requests that arrive at the same moment, then the queue add.
   */
  async request(request: OperationRequest): Promise<{ id: string; priority: number }> {
    const row = this.newOperation(request, await this.placement(request.clusterId));
    await this.ctx.repos.operations.request(row);
    await this.dispatch(row.id, row.priority);
    return { id: row.id, priority: row.priority };
  }

  /**
   * Records an operation a request asked for, with its audit event (and whatever the feature writes
   * beside it) in one transaction, then queues it, delayed until `notBefore` when it has one, and
   * tells the live views. Answers the operation as recorded.
   */
  async requestAudited({ cluster, request, audit, lockCluster, alongside, notBefore }: AuditedRequest): Promise<Operation> {
    const recorded = await withTransaction(this.ctx.pool, async (db) => {
      if (lockCluster) await this.ctx.repos.clusters.lock(cluster.id, db);
      const op = await this.record(db, request, cluster);
      await alongside?.(db, op.id);
      const event = typeof audit === 'function' ? audit(op.id) : audit;
      await this.ctx.repos.audit.record(
        {
          actor: request.requestedBy,
          action: event.action,
          targetType: 'cluster',
          targetId: cluster.id,
          reason: event.reason ?? request.reason,
          before: event.before,
          after: event.after,
        },
        db,
      );
      return op;
    });
    await this.dispatch(recorded.id, recorded.priority, notBefore ? Date.parse(notBefore) - Date.now() : 0);
    const operation = await this.get(recorded.id);
    await this.ctx.events.publish(operationNotice(operation));
    return operation;
  }

  /**
   * What the capability check reads of a cluster: its name, regions and engine, which never change once it
   * exists, so they are read once per process (up to PLACEMENTS_KEPT clusters).
   */
  private async placement(clusterId: string): Promise<Pick<ClusterRecord, 'name' | 'regions' | 'engine'>> {
    const known = this.placements.get(clusterId);
    if (known) return known;
    const cluster = await this.ctx.repos.clusters.findById(clusterId);
    if (!cluster) throw new NotFoundError('cluster', clusterId);
    if (this.placements.size >= PLACEMENTS_KEPT) this.placements.delete(this.placements.keys().next().value!);
    const placement = { name: cluster.name, regions: cluster.regions, engine: cluster.engine };
    this.placements.set(clusterId, placement);
    return placement;
  }

  /** The row of a valid request; refuses params that do not fit the type and what the provider cannot run. */
  private newOperation(request: OperationRequest, cluster: Pick<ClusterRecord, 'name' | 'regions' | 'engine'> | null): NewOperation {
    const params = request.params ?? {};
    const problems = paramProblems(request.type, params);
    if (problems.length > 0) throw new InputError(`invalid ${request.type} params: ${describeProblems(problems)}`, problems);
    // Whatever asks (API, playbook, campaign, maintenance), an operation the provider cannot run is never recorded.
    const refusal = cluster ? missingCapability(this.ctx, cluster, request.type, params) : null;
    if (refusal) throw refusal;
    const { priority: _ignored, ...row } = request;
    return {
      id: newId(),
      ...row,
      params,
      priority: request.priority ?? priorityFor(request.type),
      steps: [...WorkflowSteps[request.type]],
    };
  }

  /** Queues a recorded operation. A Redis failure is logged, not thrown: the reconciler retries. */
  async dispatch(id: string, priority: number, delayMs = 0): Promise<void> {
    const queued = this.ctx.queue.enqueue(id, priority, delayMs).then(
      () => true,
      (error: unknown) => {
        this.ctx.logger.warn({ operationId: id, err: error }, 'could not queue operation; the reconciler will');
        return false;
      },
    );
    // The operation is committed: a Redis that does not answer (not one that refuses: that fails at
    // once) is waited for only briefly, so the caller is answered quickly; the enqueue carries on.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((done) => (timer = setTimeout(done, DISPATCH_WAIT_MS)));
    await Promise.race([queued, waited]).finally(() => clearTimeout(timer));
  }

  async get(id: string): Promise<Operation> {
    const op = await this.ctx.repos.operations.get(id);
    if (!op) throw new NotFoundError('operation', id);
    return op;
  }

  /**
   * A pending operation is cancelled at once. A running one is asked to stop: the worker stops at
   * the next step boundary and undoes what it did, where that is safe.
   */
  async cancel(actor: Actor, id: string, reason: string): Promise<Operation> {
    const op = await this.get(id);
    const cluster = await this.ctx.repos.clusters.find(op.clusterId);
    if (cluster) assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    if (op.status !== 'pending' && op.status !== 'running') {
      throw new ConflictError(`operation ${id} is already ${op.status}`, { status: op.status });
    }
    if (op.status === 'running' && !cancellableWhileRunning(op)) {
      throw new ConflictError(`operation ${id} (${op.type}) is past the point where cancelling is safe`, {
        step: op.steps.find((s) => s.status === 'running')?.name,
      });
    }
    const who = actorLabel(actor);
    if (op.status === 'pending') {
      const cancelled = await withTransaction(this.ctx.pool, async (db) => {
        const done = await this.ctx.repos.operations.finish(id, 'cancelled', `cancelled by ${who}: ${reason}`, db);
        if (done && op.type === 'provision') {
          // Nothing was created yet, so the cluster never came to be.
          await this.ctx.repos.clusters.setStatus(op.clusterId, 'FAILED', `provisioning cancelled by ${who} before it started`, db);
        }
        if (done) {
          await this.ctx.repos.audit.record(
            {
              actor: who,
              action: `operation.${op.type}.cancelled`,
              targetType: 'cluster',
              targetId: op.clusterId,
              reason,
              before: { status: 'pending' },
              after: { operationId: id, status: 'cancelled' },
            },
            db,
          );
        }
        return done;
      });
      if (cancelled) await this.ctx.queue.remove(id).catch(() => undefined);
      else return this.cancel(actor, id, reason); // it started meanwhile: ask the worker instead
    } else {
      await this.ctx.repos.operations.requestCancel(id);
      await this.ctx.repos.audit.record({
        actor: who,
        action: `operation.${op.type}.cancel_requested`,
        targetType: 'cluster',
        targetId: op.clusterId,
        reason,
      });
    }
    const latest = await this.get(id);
    await this.ctx.events.publish(operationNotice(latest));
    return latest;
  }
}
