import { Type } from '@sinclair/typebox';
import { OperationStatuses, OperationTypes, StepStatuses } from '../../core/types';
import { Nullable, PlainText, StringEnum, Timestamp } from './common';

export const StepJson = Type.Object({
  index: Type.Integer(),
  name: Type.String(),
  status: StringEnum(StepStatuses),
  attempts: Type.Integer(),
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  error: Nullable(Type.String()),
});

export const OperationJson = Type.Object({
  id: Type.String(),
  clusterId: Type.String(),
  type: StringEnum(OperationTypes),
  status: StringEnum(OperationStatuses),
  requestedBy: Type.String(),
  reason: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  priority: Type.Integer(),
  attempts: Type.Integer(),
  /** Why it ended other than succeeded: the error when failed, the gate's evidence when rolled_back, who cancelled. */
  error: Nullable(Type.String()),
  /** The same text labelled by its outcome, for display: null while open or when it succeeded. */
  statusReason: Nullable(Type.String()),
  cancelRequested: Type.Boolean(),
  steps: Type.Array(StepJson),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
});

export const ListOperationsQuery = Type.Object(
  {
    clusterId: Type.Optional(Type.String({ format: 'uuid' })),
    status: Type.Optional(StringEnum(OperationStatuses)),
    type: Type.Optional(StringEnum(OperationTypes)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

export const CancelBody = Type.Object({ reason: Type.Optional(PlainText({ maxLength: 500 })) }, { additionalProperties: false });
