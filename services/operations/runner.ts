import type { Logger } from 'pino';
import type { WorkflowDeps } from './workflow-deps';
import { isFinishedOperationStatus, type FinishedOperationStatus, type Operation, type OperationStep } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import {
  FinalStepError,
  LeaseLostError,
  type HookRun,
  type OperationOf,
  type StepRun,
  type Workflow,
  type WorkflowTable,
} from './workflow';
import type { OperationType } from '../core/types';
import { describeProblems, parseOperationParams } from './operation-params';

/** What the queue adapter should do with the job after one pass of the runner. */
export type RunOutcome = { kind: 'finished' } | { kind: 'delay'; delayMs: number; reason: string };

export const MAX_STEP_ATTEMPTS = 5;
const WORKER_ACTOR = 'datafleet-worker';
/** Fallback only: a finishing operation promotes the next one of its cluster at once. */
const WAIT_FOR_TURN_MS = 2000;

/**
 * Drives one operation as far as it can go now: takes the cluster lease, runs the remaining steps
 * in order from their checkpoints, and returns either "finished" or "call me again after a delay".
 * It holds no state between calls, so any worker can pick the operation up next, including after
 * the previous worker was killed mid-step.
 */
export class OperationRunner {
  constructor(
    private readonly ctx: WorkflowDeps,
    private readonly workflows: WorkflowTable,
  ) {}

  async run(operationId: string): Promise<RunOutcome> {
    const { repos } = this.ctx;
    const op = await repos.operations.get(operationId);
    if (!op || isFinishedOperationStatus(op.status)) return { kind: 'finished' };
    const cluster = await repos.clusters.find(op.clusterId);
    // The table covers every type the code knows; a row may still hold one it no longer does.
    const workflow = (this.workflows as Partial<WorkflowTable>)[op.type] as Workflow<OperationType> | undefined;
    const log = this.ctx.logger.child({ operationId: op.id, type: op.type, cluster: cluster?.name });
    if (!cluster || !workflow) {
      await this.finish(op, 'failed', cluster ? `no workflow runs ${op.type} operations yet` : 'cluster record missing', log);
      return { kind: 'finished' };
    }
    const parsed = parseOperationParams(op.type, op.params);
    if (!parsed.ok) {
      await this.finish(
        op,
        'failed',
        `the params of this ${op.type} operation do not fit its type: ${describeProblems(parsed.problems)}`,
        log,
      );
      return { kind: 'finished' };
    }
    return this.drive(workflow, { ...op, params: parsed.params } as OperationOf<OperationType>, cluster, log);
  }

  private async drive(
    workflow: Workflow<OperationType>,
    op: OperationOf<OperationType>,
    cluster: ClusterRecord,
    log: Logger,
  ): Promise<RunOutcome> {
    const { repos } = this.ctx;
    const notBefore = 'notBefore' in op.params ? op.params.notBefore : undefined;
    const heldUntil = op.status === 'pending' && notBefore !== undefined ? Date.parse(notBefore) - Date.now() : 0;
    if (heldUntil > 0) return { kind: 'delay', delayMs: heldUntil, reason: `held until ${notBefore}` };
    const token = await repos.leases.acquire(cluster.id, op.id);
    if (token === null) return { kind: 'delay', delayMs: WAIT_FOR_TURN_MS, reason: 'an earlier operation on this cluster is still open' };
    const base = { ctx: this.ctx, op, cluster, log };
    if (op.status === 'pending') {
      await repos.operations.markRunning(op.id);
      await this.audit(op, 'running', 'pending');
      await workflow.onStart?.(base);
      await this.publish(op.id);
    }
    for (const step of op.steps) {
      if (step.status === 'done' || step.status === 'skipped') continue;
      if (await this.cancelRequested(op.id)) {
        await workflow.onCancel?.(base);
        await this.finish(op, 'cancelled', 'cancelled on request', log);
        return { kind: 'finished' };
      }
      const outcome = await this.runStep(workflow, base, step, token);
      if (outcome) return outcome;
    }
    const undone = await workflow.rolledBack?.(base);
    if (undone) {
      await workflow.onRolledBack?.(base, undone.reason);
      await this.finish(op, 'rolled_back', undone.reason, log);
      return { kind: 'finished' };
    }
    await workflow.onSuccess?.(base);
    await this.finish(op, 'succeeded', null, log);
    return { kind: 'finished' };
  }

  /** Returns an outcome when the operation must pause or has ended, undefined to go on to the next step. */
  private async runStep(
    workflow: Workflow<OperationType>,
    base: HookRun,
    step: OperationStep,
    token: number,
  ): Promise<RunOutcome | undefined> {
    const { repos } = this.ctx;
    const fence = { clusterId: base.cluster.id, token };
    const write = async (change: Parameters<typeof repos.operations.updateStep>[2]) => {
      if (!(await repos.operations.updateStep(base.op.id, step.index, change, fence))) throw new LeaseLostError(base.op.id);
    };
    const checkpoint = { ...step.checkpoint };
    // A resumed wait is the same attempt; a first start, a retry after an error, or a resume after
    // a worker died mid-step (still 'running') is a new one.
    const newAttempt = step.status !== 'waiting';
    const attempt = Math.max(1, step.attempts + (newAttempt ? 1 : 0));
    await write({ status: 'running', countAttempt: newAttempt });
    const run: StepRun = {
      ...base,
      checkpoint,
      save: async (patch) => {
        Object.assign(checkpoint, patch);
        await write({ checkpoint: patch });
      },
      log: base.log.child({ step: step.name }),
    };
    const fn = workflow.steps[step.name as keyof typeof workflow.steps];
    try {
      const result = await fn(run);
      if (result.status === 'wait') {
        await write({ status: 'waiting', error: null });
        return { kind: 'delay', delayMs: result.delayMs, reason: result.reason };
      }
      await write({ status: 'done', error: null });
      await this.publish(base.op.id);
      return undefined;
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const attempts = attempt;
      run.log.warn({ err: error, attempts }, 'step failed');
      if (attempts < MAX_STEP_ATTEMPTS && !(error instanceof FinalStepError)) {
        await write({ error: message });
        await this.publish(base.op.id);
        return { kind: 'delay', delayMs: 1000 * 2 ** (attempts - 1), reason: `retrying ${step.name}` };
      }
      await write({ status: 'failed', error: message });
      const reason = `step ${step.name} failed after ${attempts} attempts: ${message}`;
      // The operation is failed whatever the hook does: a broken hook must not make it retry forever.
      await workflow.onFailure?.(base, reason).catch((e: unknown) => base.log.error({ err: e }, 'onFailure hook failed'));
      await this.finish(base.op, 'failed', reason, base.log);
      return { kind: 'finished' };
    }
  }

  private cancelRequested(operationId: string): Promise<boolean> {
    return this.ctx.repos.operations.cancelRequested(operationId);
  }

  private async finish(
    op: Pick<Operation, 'id' | 'clusterId' | 'type' | 'reason' | 'status'>,
    status: FinishedOperationStatus,
    error: string | null,
    log: Logger,
  ): Promise<void> {
    const { finished, next } = await this.ctx.repos.operations.finishAndRelease(op, status, error, WORKER_ACTOR);
    if (finished) log.info({ status, error }, 'operation finished');
    // The next operation of the cluster may be sleeping in the delayed set: start it now.
    if (next) await this.ctx.queue.promote(next).catch(() => undefined);
    await this.publish(op.id);
    const cluster = await this.ctx.repos.clusters.find(op.clusterId);
    if (cluster) await this.ctx.events.publish({ type: 'cluster', data: cluster });
  }

  private async audit(
    op: Pick<Operation, 'id' | 'clusterId' | 'type' | 'reason'>,
    status: string,
    from: string,
    error: string | null = null,
  ): Promise<void> {
    await this.ctx.repos.audit.record({
      actor: WORKER_ACTOR,
      action: `operation.${op.type}.${status}`,
      targetType: 'cluster',
      targetId: op.clusterId,
      reason: error ?? op.reason,
      before: { operationId: op.id, status: from },
      after: { operationId: op.id, status },
    });
  }

  private async publish(operationId: string): Promise<void> {
    const latest = await this.ctx.repos.operations.get(operationId);
    if (latest) await this.ctx.events.publish({ type: 'operation', data: latest });
  }
}
