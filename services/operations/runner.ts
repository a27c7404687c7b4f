import type { Logger } from 'pino';
import type { WorkflowDeps } from './workflow-deps';
import type { FinishedOperationStatus, Operation, OperationStatus, OperationStep, OperationType } from '../core/types';
import {
  FinalStepError,
  LeaseLostError,
  type HookRun,
  type OperationOf,
  type StepRun,
  type Workflow,
  type WorkflowTable,
} from './workflow';
import { describeProblems, parseOperationParams } from './operation-params';
import { operationNotice } from './operation-notice';
import type { Claim, Finish, StepState } from './sql/operations';

/** What the queue adapter should do with the job after one pass of the runner. */
export type RunOutcome =
  | { kind: 'finished' }
  | {
      kind: 'delay';
      delayMs: number;
      reason: string;
      /**
       * Asked once the job sleeps: true when it should wake at once. An operation waiting for its
       * turn asks whether the one before it ended while it was going to sleep, as that one's wake
       * call (a promote) may have found it not yet asleep.
       */
      wakeIf?: () => Promise<boolean>;
    };

export const MAX_STEP_ATTEMPTS = 5;
/** Fallback only: a finishing operation promotes the next one of its cluster at once. */
const WAIT_FOR_TURN_MS = 2000;

const finished: RunOutcome = { kind: 'finished' };
type Fence = { clusterId: string; token: number };

/**
 * Drives one operation as far as it can go now: claims it (the cluster lease, the running status
 * and the first step in one write), runs the remaining steps in order from their checkpoints, and
 * returns either "finished" or "call me again after a delay". What it costs in writes: the claim,
 * one fenced checkpoint between two steps, and the finish (which also records the last step), so a
 * one-step operation is two statements, shared with the other operations this process runs at the
 * same moment. It holds no state between calls, so any worker can pick the operation up next,
 * including after the previous worker was killed mid-step.
 */
export class OperationRunner {
  constructor(
    private readonly ctx: WorkflowDeps,
    private readonly workflows: WorkflowTable,
  ) {}

  async run(operationId: string): Promise<RunOutcome> {
    const { repos } = this.ctx;
    const claim = await repos.operations.claim(operationId);
    if (claim.duplicate) throw new LeaseLostError(operationId);
    const op = claim.op;
    if (!op) return finished;
    if (claim.token === null) {
      const notBefore = op.status === 'pending' && typeof op.params.notBefore === 'string' ? op.params.notBefore : undefined;
      const heldFor = notBefore === undefined ? 0 : Date.parse(notBefore) - Date.now();
      if (heldFor > 0) return { kind: 'delay', delayMs: heldFor, reason: `held until ${notBefore}` };
      return {
        kind: 'delay',
        delayMs: WAIT_FOR_TURN_MS,
        reason: 'an earlier operation on this cluster is still open',
        wakeIf: () => repos.operations.mayStart(op.id),
      };
    }
    const fence = { clusterId: op.clusterId, token: claim.token };
    const cluster = await repos.clusters.findById(op.clusterId);
    // The table covers every type the code knows; a row may still hold one it no longer does.
    const workflow = (this.workflows as Partial<WorkflowTable>)[op.type] as Workflow<OperationType> | undefined;
    const log = this.ctx.logger.child({ operationId: op.id, type: op.type, cluster: cluster?.name });
    if (!cluster || !workflow) {
      const reason = cluster ? `no workflow runs ${op.type} operations yet` : 'cluster record missing';
      return this.finish(op, log, { status: 'failed', error: reason, token: fence.token, restoreStep: claim.stepBefore ?? null });
    }
    const parsed = parseOperationParams(op.type, op.params);
    if (!parsed.ok) {
      const reason = `the params of this ${op.type} operation do not fit its type: ${describeProblems(parsed.problems)}`;
      return this.finish(op, log, { status: 'failed', error: reason, token: fence.token, restoreStep: claim.stepBefore ?? null });
    }
    const typed = { ...op, params: parsed.params } as OperationOf<OperationType>;
    return this.drive(workflow, { ctx: this.ctx, op: typed, cluster, log }, claim, fence);
  }

  private async drive(workflow: Workflow<OperationType>, base: HookRun, claim: Claim, fence: Fence): Promise<RunOutcome> {
    const { op } = base;
    const end = (status: FinishedOperationStatus, error: string | null, lastStep: number | null, restoreStep: StepState | null) =>
      this.finish(op, base.log, { status, error, token: fence.token, lastStep, restoreStep }, !workflow.leavesClusterUnchanged);
    if (claim.started) await workflow.onStart?.(base);
    const open = op.steps.filter((s) => s.status !== 'done' && s.status !== 'skipped');
    this.notify(op, 'running', open[0]?.name);
    let cancelRequested = op.cancelRequested;
    // The step marked running that has not run yet, as it was before: put back if a cancel ends the operation first.
    let notRunYet = claim.stepBefore ?? null;
    let lastDone: number | null = null;
    for (const [i, step] of open.entries()) {
      if (cancelRequested) {
        await workflow.onCancel?.(base);
        return end('cancelled', 'cancelled on request', null, notRunYet);
      }
      const outcome = await this.runStep(workflow, base, step, fence, end);
      if (outcome) return outcome;
      const next = open[i + 1];
      if (!next) {
        lastDone = step.index;
        break;
      }
      const moved = await this.ctx.repos.operations.advance(op.id, fence, step.index, next.index);
      if (!moved) throw new LeaseLostError(op.id);
      notRunYet = { index: next.index, status: next.status, attempts: next.attempts };
      cancelRequested = moved.cancelRequested;
      next.attempts = moved.attempts;
      this.notify(op, 'running', next.name);
    }
    const undone = await workflow.rolledBack?.(base);
    if (undone) {
      await workflow.onRolledBack?.(base, undone.reason);
      return end('rolled_back', undone.reason, lastDone, null);
    }
    await workflow.onSuccess?.(base);
    return end('succeeded', null, lastDone, null);
  }

  /**
   * Runs one step, already marked running by the claim or the checkpoint before it. Returns an
   * outcome when the operation must pause or has ended, undefined when the step is done.
   */
  private async runStep(
    workflow: Workflow<OperationType>,
    base: HookRun,
    step: OperationStep,
    fence: Fence,
    end: (status: 'failed', error: string, lastStep: null, restoreStep: null) => Promise<RunOutcome>,
  ): Promise<RunOutcome | undefined> {
    const { repos } = this.ctx;
    const write = async (change: Parameters<typeof repos.operations.updateStep>[2]) => {
      if (!(await repos.operations.updateStep(base.op.id, step.index, change, fence))) throw new LeaseLostError(base.op.id);
    };
    const checkpoint = { ...step.checkpoint };
    const attempt = Math.max(1, step.attempts);
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
      return undefined;
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      run.log.warn({ err: error, attempts: attempt }, 'step failed');
      if (attempt < MAX_STEP_ATTEMPTS && !(error instanceof FinalStepError)) {
        await write({ error: message });
        this.notify(base.op, 'running', step.name);
        return { kind: 'delay', delayMs: 1000 * 2 ** (attempt - 1), reason: `retrying ${step.name}` };
      }
      await write({ status: 'failed', error: message });
      const reason = `step ${step.name} failed after ${attempt} attempts: ${message}`;
      // The operation is failed whatever the hook does: a broken hook must not make it retry forever.
      await workflow.onFailure?.(base, reason).catch((e: unknown) => base.log.error({ err: e }, 'onFailure hook failed'));
      return end('failed', reason, null, null);
    }
  }

  private async finish(
    op: Pick<Operation, 'id' | 'clusterId' | 'type'>,
    log: Logger,
    end: Omit<Finish, 'id' | 'actor' | 'lastStep'> & { lastStep?: number | null },
    clusterChanged = true,
  ): Promise<RunOutcome> {
    const { status, error } = end;
    const ended = await this.ctx.repos.operations.finishRun({ id: op.id, lastStep: null, ...end });
    if (!ended.finished) return finished; // already ended, or another worker holds the lease now
    log.info({ status, error }, 'operation finished');
    // The next operation of the cluster may be sleeping in the delayed set: start it now.
    if (ended.next) await this.ctx.queue.promote(ended.next);
    this.notify(op, status);
    if (clusterChanged) {
      const cluster = await this.ctx.repos.clusters.findById(op.clusterId);
      if (cluster) await this.ctx.events.publish({ type: 'cluster', data: cluster });
    }
    return finished;
  }

  private notify(op: Pick<Operation, 'id' | 'clusterId' | 'type'>, status: OperationStatus, step?: string): void {
    void this.ctx.events.publish(operationNotice({ ...op, status }, step));
  }
}
