import type { Operation } from '../core/types';
import type { OperationNotice } from '../infra/queues/live-events';

/** The live event of an operation that changed: which one, its status and the step it is at. */
export function operationNotice(
  op: Pick<Operation, 'id' | 'clusterId' | 'type' | 'status'>,
  step?: string,
): { type: 'operation'; data: OperationNotice } {
  return { type: 'operation', data: { id: op.id, clusterId: op.clusterId, type: op.type, status: op.status, ...(step ? { step } : {}) } };
}
