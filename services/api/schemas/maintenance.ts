import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp } from './common';
import { ReplacementReasons } from '../../maintenance/sql/replacement-rows';
import { NoticeKinds } from '../../maintenance/sql/notice-rows';
import { OperationStatuses } from '../../core/types';

// The maintenance answers: the routes validate against these, and the CLI types its answers with them.
const Notice = Type.Object({
  kind: StringEnum(NoticeKinds),
  channel: Nullable(Type.String()),
  at: Timestamp,
  delivered: Type.Boolean(),
  detail: Type.String(),
  text: Type.String(),
});

export const PlannedReplacement = Type.Object({
  cluster: Type.String(),
  node: Type.String(),
  reason: StringEnum(ReplacementReasons),
  scheduledFor: Timestamp,
  deadline: Nullable(Timestamp),
  operationId: Type.String(),
  status: StringEnum(OperationStatuses),
  asap: Type.Boolean({ description: 'the next window opened too late for the deadline, so it runs at once' }),
  detail: Type.String(),
  notices: Type.Array(Notice),
});

export const OldNode = Type.Object({
  cluster: Type.String(),
  node: Type.String(),
  engine: Type.String(),
  launchedAt: Timestamp,
  ageDays: Type.Number(),
  retirementDeadline: Nullable(Timestamp),
});

export const ScanResult = Type.Object({
  eventsRead: Type.Integer(),
  oldNodesFound: Type.Integer(),
  scheduled: Type.Array(
    Type.Composite([PlannedReplacement, Type.Object({ change: StringEnum(['scheduled', 'rescheduled'] as const), why: Type.String() })]),
  ),
});

export type PlannedReplacementJson = Static<typeof PlannedReplacement>;
export type OldNodeJson = Static<typeof OldNode>;
export type ScanResultJson = Static<typeof ScanResult>;
