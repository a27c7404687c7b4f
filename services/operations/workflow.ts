import type { Logger } from 'pino';
import type { WorkflowDeps } from './workflow-deps';
import type { Operation, OperationType } from '../core/types';
import type { StepName } from './workflow-steps';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationParams } from './operation-params';

/** A step either finished, or must wait: the job is re-queued delayed instead of holding a worker. */
export type StepResult = { status: 'done' } | { status: 'wait'; delayMs: number; reason: string };

export const done: StepResult = { status: 'done' };
export const waitFor = (delayMs: number, reason: string): StepResult => ({ status: 'wait', delayMs, reason });

/** An operation whose params the runner checked against the schema of its type. */
export type OperationOf<T extends OperationType> = Omit<Operation, 'type' | 'params'> & { type: T; params: OperationParams[T] };

export interface StepRun<T extends OperationType = OperationType> {
  ctx: WorkflowDeps;
  op: OperationOf<T>;
  cluster: ClusterRecord;
  /** What this step recorded on earlier attempts. */
  checkpoint: Record<string, unknown>;
  /** Durably merges into the checkpoint; throws LeaseLostError when another worker took over. */
  save(patch: Record<string, unknown>): Promise<void>;
  log: Logger;
}

export type StepFn<T extends OperationType = OperationType> = (run: StepRun<T>) => Promise<StepResult>;

/** What a hook sees: the operation and its cluster, without a step's checkpoint. */
export type HookRun<T extends OperationType = OperationType> = Omit<StepRun<T>, 'checkpoint' | 'save'>;

/** Hooks run around the steps; each must be idempotent, as a crash can repeat it. */
export interface OperationHooks<T extends OperationType = OperationType> {
  onStart?(run: HookRun<T>): Promise<void>;
  onSuccess?(run: HookRun<T>): Promise<void>;
  onFailure?(run: HookRun<T>, error: string): Promise<void>;
  /**
   * Asked once every step is done: whether the steps, though they all worked, ended in a designed
   * undo (a gate said no and the change was rolled back). Read from the checkpoints, so a worker
   * that resumes after a crash reaches the same answer. Null means the operation succeeded.
   */
  rolledBack?(run: HookRun<T>): Promise<{ reason: string } | null>;
  /** Runs when the operation ends rolled back, before the status is written. */
  onRolledBack?(run: HookRun<T>, reason: string): Promise<void>;
  /** Undo what the steps did so far, leaving the cluster consistent. */
  onCancel?(run: HookRun<T>): Promise<void>;
}

export interface Workflow<T extends OperationType> extends OperationHooks<T> {
  type: T;
  /** True for a workflow that never writes its cluster's record, so its end need not re-send it to live views. */
  leavesClusterUnchanged?: true;
  steps: Record<StepName<T>, StepFn<T>>;
}

/** One workflow for every operation type: a type without one does not compile. */
export type WorkflowTable = { [T in OperationType]: Workflow<T> };

export class LeaseLostError extends Error {
  constructor(operationId: string) {
    super(`operation ${operationId} lost its cluster lease to another worker; stopping this copy`);
  }
}

/**
 * A step failure that retrying cannot change (a benchmark gate's verdict, a refused pre-flight):
 * the operation fails at once instead of after MAX_STEP_ATTEMPTS.
 */
export class FinalStepError extends Error {}
