import type { Operation, OperationStatus, OperationStep, OperationType, StepStatus } from '../../core/types';

export interface OperationRow {
  id: string;
  cluster_id: string;
  type: OperationType;
  status: OperationStatus;
  requested_by: string;
  reason: string;
  params: Record<string, unknown>;
  priority: number;
  attempts: number;
  error: string | null;
  cancel_requested: boolean;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface StepRow {
  operation_id: string;
  idx: number;
  name: string;
  status: StepStatus;
  checkpoint: Record<string, unknown>;
  attempts: number;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
}

export const toStep = (r: StepRow): OperationStep => ({
  index: r.idx,
  name: r.name,
  status: r.status,
  checkpoint: r.checkpoint,
  attempts: r.attempts,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  error: r.error,
});

export const toOperation = (r: OperationRow, steps: StepRow[]): Operation => ({
  id: r.id,
  clusterId: r.cluster_id,
  type: r.type,
  status: r.status,
  requestedBy: r.requested_by,
  reason: r.reason,
  params: r.params,
  priority: r.priority,
  attempts: r.attempts,
  error: r.error,
  cancelRequested: r.cancel_requested,
  steps: steps.filter((s) => s.operation_id === r.id).map(toStep),
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});
